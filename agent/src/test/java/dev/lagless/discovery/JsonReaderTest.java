package dev.lagless.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void readsEveryKindOfValue() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "a\"b\\c/\n\u00e9");
    expected.put("n", -12L);
    expected.put("d", 1.5e3);
    expected.put("t", true);
    expected.put("f", false);
    expected.put("z", null);
    expected.put("l", Arrays.asList(1L, List.of(), Map.of()));
    assertEquals(expected, JsonReader.read(
        " {\"s\": \"a\\\"b\\\\c\\/\\n\\u00e9\", \"n\": -12, \"d\": 1.5e3, \"t\": true, \"f\": false, \"z\": null,"
            + " \"l\": [1, [], {}]} "));
  }

  @Test
  void malformedDocumentsAreRefusedNotGuessed() {
    for (String bad : List.of("", "{", "{\"a\" 1}", "{\"a\": 1, \"a\": 2}", "{\"a\": 1,}", "[1,]", "\"open", "tru",
        "{} x", "{\"a\": -}", "\"\\u12\"")) {
      assertThrows(IllegalArgumentException.class, () -> JsonReader.read(bad), bad);
    }
  }

  @Test
  void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
    assertThrows(IllegalArgumentException.class, () -> JsonReader.read("[".repeat(100_000)));
  }

  @Test
  void randomTextNeverThrowsAnythingButItsOwnError() {
    Random random = new Random(42);
    String alphabet = "{}[]\":,0123456789-+.eEtruefalsn \\u";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(30);
      for (int k = 0; k < length; k++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        JsonReader.read(text.toString());
      } catch (IllegalArgumentException expected) {
        // refused: fine
      }
    }
  }
}
