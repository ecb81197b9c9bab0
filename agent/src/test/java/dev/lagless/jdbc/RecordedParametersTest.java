package dev.lagless.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedParametersTest {

  /** Every setter, recorded under its name and descriptor as the parameter advice gives them. */
  private static String key(String name, Class<?>... types) throws NoSuchMethodException {
    Method method = PreparedStatement.class.getMethod(name, types);
    return method.getName() + RecordedParameters.descriptor(method);
  }

  @Test
  void replaysEachSetterWithItsOwnMethodAndValue() throws Exception {
    Timestamp when = new Timestamp(1_700_000_000_000L);
    Object[][] calls = {
        {key("setInt", int.class, int.class), new Object[] {1, 42}, "setInt(1, 42)"},
        {key("setLong", int.class, long.class), new Object[] {2, 7L}, "setLong(2, 7)"},
        {key("setString", int.class, String.class), new Object[] {3, "x"}, "setString(3, x)"},
        {key("setObject", int.class, Object.class), new Object[] {4, 1.5}, "setObject(4, 1.5)"},
        {key("setBoolean", int.class, boolean.class), new Object[] {5, true}, "setBoolean(5, true)"},
        {key("setNull", int.class, int.class), new Object[] {6, Types.INTEGER}, "setNull(6, 4)"},
        {key("setTimestamp", int.class, Timestamp.class), new Object[] {7, when}, "setTimestamp(7, " + when + ")"},
        {key("setBigDecimal", int.class, BigDecimal.class), new Object[] {8, BigDecimal.TEN}, "setBigDecimal(8, 10)"},
        // Not among the direct ones: through reflection, the same way.
        {key("setShort", int.class, short.class), new Object[] {9, (short) 3}, "setShort(9, 3)"},
        {key("setObject", int.class, Object.class, int.class), new Object[] {10, "y", Types.VARCHAR},
            "setObject(10, y, 12)"},
    };
    RecordedParameters parameters = new RecordedParameters();
    List<String> expected = new ArrayList<>();
    for (Object[] call : calls) {
      parameters.record((String) call[0], (Object[]) call[1]);
      expected.add((String) call[2]);
    }
    List<String> seen = new ArrayList<>();
    PreparedStatement target = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
          StringBuilder call = new StringBuilder(method.getName()).append('(');
          for (int i = 0; i < args.length; i++) {
            call.append(i == 0 ? "" : ", ").append(args[i]);
          }
          seen.add(call.append(')').toString());
          return null;
        });
    parameters.applyTo(target);
    assertEquals(expected, seen);
  }
}
