/**
 * AWS client settings both connectors share, and the one error classifier and retry rule for AWS
 * calls.
 */
package io.ddbsync.common.aws;
