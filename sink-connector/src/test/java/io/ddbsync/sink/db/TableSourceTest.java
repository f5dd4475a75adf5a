package io.ddbsync.sink.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableSourceTest {
  @Test
  void twoTablesOfOneNameOnTwoTopicsAreTwoSources() {
    TableSource us = TableSource.of("Orders", "us.Orders");
    TableSource eu = TableSource.of("Orders", "eu.Orders");

    assertThat(us.adopts(eu)).isFalse();
    assertThat(us.list("Items").adopts(eu.list("Items"))).isFalse();
    assertThat(us.childCommentPrefix()).isNotEqualTo(eu.childCommentPrefix());
    assertThat(eu.list("Items").comment()).startsWith(eu.childCommentPrefix());
    assertThat(us.list("Items").comment()).doesNotStartWith(eu.childCommentPrefix());
  }

  @Test
  void aTableRecordedBeforeTopicsIsTakenOverByASourceOfItsDynamoDbTable() {
    TableSource before = TableSource.parse("ddbsync source table=Orders list=Items");
    assertThat(before).isEqualTo(new TableSource("Orders", null, "Items"));

    assertThat(TableSource.of("Orders", "us.Orders").list("Items").adopts(before)).isTrue();
    assertThat(TableSource.of("Orders", "us.Orders").list("Notes").adopts(before)).isFalse();
    assertThat(TableSource.of("Users", "us.Users").list("Items").adopts(before)).isFalse();
    assertThat(TableSource.parse("ddbsync source table=Orders snapshot=5"))
        .isEqualTo(new TableSource("Orders", null, null));
  }

  @Test
  void aListPathIsTakenWholeWhateverItHolds() {
    TableSource odd = TableSource.of("Orders", "t").list("Items. snapshot=1 topic=x list=y");
    assertThat(TableSource.parse(odd.comment())).isEqualTo(odd);
  }
}
