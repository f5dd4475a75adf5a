package io.ddbsync.sink.load;

import io.ddbsync.sink.db.TableSource;
import io.ddbsync.sink.flatten.ColumnPlan;
import java.util.List;

/**
 * What a batch needs of one target table: its name, the logical columns in order, the widest value
 * of each in bytes, and which of the columns form the primary key and distribute the rows.
 *
 * @param widths bytes of the longest value per plan (VARCHAR, VARBYTE), or null
 * @param source where the rows come from; no other source may write the table
 */
public record TableSpec(
    String name,
    TableSource source,
    List<ColumnPlan> plans,
    int[] widths,
    List<ColumnPlan> keyPlans,
    ColumnPlan distributionPlan) {}
