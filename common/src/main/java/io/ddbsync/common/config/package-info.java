/**
 * Configuration helpers both connectors use: grouped definitions, validators, the generated
 * reference.
 */
package io.ddbsync.common.config;
