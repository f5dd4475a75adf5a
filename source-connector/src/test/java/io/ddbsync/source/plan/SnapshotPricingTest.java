package io.ddbsync.source.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ddbsync.common.event.KeyAttribute;
import io.ddbsync.source.catalog.TableInfo;
import io.ddbsync.source.settings.SnapshotMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotPricingTest {
  private static final List<KeyAttribute> KEY =
      List.of(new KeyAttribute("pk", KeyAttribute.ScalarType.S));
  // 100 GiB: 26,214,400 units of 4 KiB.
  private static final TableInfo BIG =
      new TableInfo("Big", "id", KEY, "arn", "NEW_IMAGE", 1_000_000, 100L << 30, 1000);
  private static final TableInfo SMALL =
      new TableInfo("Small", "id", KEY, "arn", "NEW_IMAGE", 1_000, 10L << 20, 1000);

  @Test
  void aScanCostsTheTablesSizeInHalfUnitsOf4KbAtTheReadBudget() {
    SnapshotPricing.Plan plan = SnapshotPricing.plan(BIG, 250, false, true, SnapshotMethod.SCAN, 2);

    assertThat(plan.scanRcu()).isEqualTo(13_107_200, within(1.0));
    assertThat(plan.scanHours()).isEqualTo(13_107_200 / 250.0 / 3600, within(1e-6));
    assertThat(plan.exportGb()).isEqualTo((100L << 30) / 1e9, within(1e-9));
    assertThat(SnapshotPricing.plan(BIG, 250, true, true, SnapshotMethod.SCAN, 2).scanRcu())
        .as("strongly consistent reads cost twice")
        .isEqualTo(26_214_400, within(1.0));
  }

  @Test
  void autoExportsWhatAScanWouldTakeTooLongForAndOnlyWithPointInTimeRecovery() {
    assertThat(SnapshotPricing.plan(BIG, 250, false, true, SnapshotMethod.AUTO, 2).method())
        .isEqualTo(SnapshotMethod.EXPORT);
    assertThat(SnapshotPricing.plan(SMALL, 250, false, true, SnapshotMethod.AUTO, 2).method())
        .isEqualTo(SnapshotMethod.SCAN);
    SnapshotPricing.Plan noRecovery =
        SnapshotPricing.plan(BIG, 250, false, false, SnapshotMethod.AUTO, 2);
    assertThat(noRecovery.method()).isEqualTo(SnapshotMethod.SCAN);
    assertThat(noRecovery.describe())
        .contains("Table Big")
        .contains("point-in-time recovery off")
        .contains("cannot be exported");
  }

  @Test
  void anExportAskedForWithoutRecoverySaysHowToTurnItOn() {
    SnapshotPricing.Plan plan =
        SnapshotPricing.plan(BIG, 250, false, false, SnapshotMethod.EXPORT, 2);

    assertThat(plan.method()).isEqualTo(SnapshotMethod.EXPORT);
    assertThat(plan.reason()).contains("update-continuous-backups --table-name Big");
  }
}
