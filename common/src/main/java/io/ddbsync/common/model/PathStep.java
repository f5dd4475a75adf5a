package io.ddbsync.common.model;

/**
 * One step from a struct into a nested struct: the attribute, and the tag of its kind whose values
 * are (or contain) that struct.
 */
public record PathStep(String attribute, String kindTag) {}
