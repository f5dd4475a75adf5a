package io.ddbsync.cli.drift;

/**
 * One thing {@code ddbsync drift} noticed.
 *
 * @param table the DynamoDB table (or the dead letter queue topic)
 * @param kind what kind of finding: attribute-types, not-in-topic-schema, type-conflict-column,
 *     varchar-width, never-filled, map-as-super, dead-letters
 * @param subject the attribute path, column or reason it is about
 * @param detail what was measured
 * @param attention whether a user should act (a VARCHAR near its limit, a column never filled)
 */
public record DriftFinding(
    String table, String kind, String subject, String detail, boolean attention) {}
