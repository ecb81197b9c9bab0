package dev.lagless.cluster.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsPatronisClusterAnswer() {
    Map<String, Object> json = Json.object("{\"members\": [{\"name\": \"node1\", \"role\": \"leader\", \"state\": "
        + "\"running\", \"port\": 5432, \"timeline\": 3, \"lag\": \"unknown\"}, {\"name\": \"n\\u00e9\\\"2\", "
        + "\"tags\": {}, \"pending_restart\": true, \"x\": null, \"f\": -1.5e2}], \"big\": 18446744073709551615}");
    List<Map<String, Object>> members = Json.objects(json, "members");
    assertEquals(2, members.size());
    assertEquals("leader", Json.string(members.get(0), "role"));
    assertEquals(3, Json.number(members.get(0), "timeline", -1));
    assertEquals(-1, Json.number(members.get(1), "timeline", -1));
    assertEquals("n\u00e9\"2", Json.string(members.get(1), "name"));
    assertEquals(Boolean.TRUE, members.get(1).get("pending_restart"));
    assertNull(members.get(1).get("x"));
    assertEquals(-150.0, members.get(1).get("f"));
    assertEquals(1.8446744073709552E19, json.get("big"));
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
    assertEquals("\"a\\\"b\\\\\"", Json.quote("a\"b\\"));
  }
}
