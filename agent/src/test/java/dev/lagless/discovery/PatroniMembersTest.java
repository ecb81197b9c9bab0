package dev.lagless.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lagless.config.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatroniMembersTest {

  /** The shape of Patroni 3.0's GET /cluster (members in name order, the leader anywhere). */
  private static final String CLUSTER = "{\"members\": ["
      + "{\"name\": \"m1\", \"role\": \"replica\", \"state\": \"running\", \"api_url\": \"http://127.0.0.1:8009/patroni\","
      + " \"host\": \"127.0.0.1\", \"port\": 5433, \"timeline\": 2, \"lag\": 0},"
      + "{\"name\": \"m2\", \"role\": \"leader\", \"state\": \"running\", \"api_url\": \"http://127.0.0.1:8008/patroni\","
      + " \"host\": \"127.0.0.1\", \"port\": 5432, \"timeline\": 2},"
      + "{\"name\": \"m3\", \"role\": \"sync_standby\", \"state\": \"streaming\", \"host\": \"10.0.0.3\", \"port\": 5432,"
      + " \"timeline\": 2, \"lag\": 12, \"tags\": {\"nofailover\": true}},"
      + "{\"name\": \"m4\", \"role\": \"replica\", \"state\": \"running\", \"host\": \"10.0.0.4\", \"port\": 5432,"
      + " \"tags\": {\"noloadbalance\": true}},"
      + "{\"name\": \"m5\", \"role\": \"replica\", \"state\": \"starting\"}"
      + "], \"scope\": \"demo\"}";

  @Test
  void everyMemberButTheLeaderAndThoseTaggedNoloadbalanceMayServeReads() {
    PatroniMembers members = PatroniMembers.parse(CLUSTER);
    assertEquals(List.of(new HostPort("127.0.0.1", 5433), new HostPort("10.0.0.3", 5432)), members.readable);
    assertEquals(new HostPort("127.0.0.1", 5432), members.leader);
  }

  @Test
  void aStandbyClustersLeaderIsNotAReplicaOfOurs() {
    PatroniMembers members = PatroniMembers.parse("{\"members\": [{\"name\": \"s\", \"role\": \"standby_leader\","
        + " \"host\": \"h\", \"port\": 5432}]}");
    assertTrue(members.readable.isEmpty());
  }

  @Test
  void whatIsNotAClusterAnswerIsRefusedWithAReason() {
    assertThrows(IllegalArgumentException.class, () -> PatroniMembers.parse("{\"state\": \"running\"}"));
    assertThrows(IllegalArgumentException.class, () -> PatroniMembers.parse("<html>502 Bad Gateway</html>"));
    assertThrows(IllegalArgumentException.class, () -> PatroniMembers.parse("{\"members\": [1, 2"));
  }

  @Test
  void membersWithoutAUsableAddressAreSkipped() {
    PatroniMembers members = PatroniMembers.parse("{\"members\": ["
        + "{\"role\": \"replica\", \"host\": \"\", \"port\": 5432},"
        + "{\"role\": \"replica\", \"host\": \"h\", \"port\": 70000},"
        + "{\"role\": \"replica\", \"host\": \"h\", \"port\": \"5432\"},"
        + "{\"role\": \"replica\", \"host\": \"ok\", \"port\": 5432}]}");
    assertEquals(List.of(new HostPort("ok", 5432)), members.readable);
  }
}
