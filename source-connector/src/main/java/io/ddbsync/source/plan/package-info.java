/**
 * Pure: which task reads which snapshot segment and which stream, and each segment's read budget.
 */
package io.ddbsync.source.plan;
