package dev.lagless.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lagless.config.LaglessConfig;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadYourWritesTest {

  /** A primary of cluster 7 on timeline 1 (2 after a failover), last seen at 1000, now at 2000. */
  private final AtomicInteger freshLookups = new AtomicInteger();
  private int primaryTimeline = 1;
  private final ReadYourWrites.PrimaryPosition primary = new ReadYourWrites.PrimaryPosition() {
    @Override
    public long systemIdentifier() {
      return 7;
    }

    @Override
    public int timeline() {
      return primaryTimeline;
    }

    @Override
    public long knownLsn() {
      return 1000;
    }

    @Override
    public long currentLsn() {
      freshLookups.incrementAndGet();
      return 2000;
    }
  };

  private Token withBaggageToken(ReadYourWrites ryow, String value) {
    try (Scope ignored = Baggage.builder().put(ReadYourWrites.BAGGAGE_TOKEN, value).build().makeCurrent()) {
      return ryow.required(primary);
    }
  }

  @Test
  void aWellFormedTokenOfThisClusterFromBaggageIsHonoured() {
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    assertEquals(new Token(7, 1, 0x300), withBaggageToken(ryow, "7:1:0/300"));
    assertEquals(0, freshLookups.get(), "within what the primary was seen at: no round trip");
    assertEquals(new Token(7, 1, 1500), withBaggageToken(ryow, "7:1:0/5DC"));
    assertEquals(1, freshLookups.get(), "beyond what was seen: the primary is asked once");
    assertEquals(0, ryow.ignoredTokens());
  }

  @Test
  void badTokensAreIgnoredAndCounted() {
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    assertNull(withBaggageToken(ryow, "garbage"));
    assertNull(withBaggageToken(ryow, "7:1:0/1" + "0".repeat(130)));
    assertNull(withBaggageToken(ryow, "8:1:0/300"), "another cluster's");
    assertNull(withBaggageToken(ryow, "7:1:0/FFFF"), "beyond the primary's position");
    assertEquals(4, ryow.ignoredTokens());
  }

  @Test
  void aTokenOfALaterTimelineThanThePrimarySeenHereSendsTheReadToThePrimary() {
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    assertSame(ReadYourWrites.UNKNOWN, withBaggageToken(ryow, "7:2:0/300"),
        "written after a failover this JVM has not seen: its replicas may follow the old primary");
  }

  @Test
  void aTokenOfAnEarlierTimelineIsStillAPositionToWaitFor() {
    primaryTimeline = 2;
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    assertEquals(new Token(7, 1, 0x300), withBaggageToken(ryow, "7:1:0/300"),
        "a write from before the failover that survived it must still be seen");
    assertNull(withBaggageToken(ryow, "7:1:0/FFFF"), "beyond the new primary's position: lost, never waited on");
    assertEquals(1, ryow.ignoredTokens());
  }

  @Test
  void withASecretOnlyTokensSignedWithItAreHonoured() {
    String secret = "a-secret-of-enough-length-42";
    LaglessConfig config = dev.lagless.config.ConfigParser.parse(dev.lagless.config.ConfigSource.of(
        java.util.Map.of("LAGLESS_TOKEN_SECRET", secret), java.util.Map.of())).config();
    ReadYourWrites ryow = new ReadYourWrites(config);
    String signed = TokenSigner.of(secret).sign(new Token(7, 1, 0x300));
    assertEquals(new Token(7, 1, 0x300), withBaggageToken(ryow, signed));
    assertNull(withBaggageToken(ryow, "7:1:0/300"), "unsigned");
    assertNull(withBaggageToken(ryow, TokenSigner.of("another-secret-of-enough-length").sign(new Token(7, 1, 0x300))),
        "signed with another key");
    assertNull(withBaggageToken(ryow, signed.replace("0/300", "0/301")), "a signed token whose position was changed");
    assertEquals(3, ryow.ignoredTokens());
    assertEquals(new Token(7, 1, 0x300), TokenSigner.of(null).verify("7:1:0/300"), "no secret: bare tokens");
  }

  @Test
  void tokensACookieOrBaggageHeaderBringAreJudgedLikeBaggage() {
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    CallerRequest request = new CallerRequest(null, java.util.List.of("7:1:0/300", "junk", "9:1:0/1", "7:1:0/FFFF"), null);
    request.enter();
    try {
      assertEquals(new Token(7, 1, 0x300), ryow.required(primary));
    } finally {
      CallerRequest.exit();
    }
    assertEquals(3, ryow.ignoredTokens(), "malformed, another cluster's, beyond the primary");
    assertNull(ryow.required(primary), "the request is over: its tokens are gone");
  }

  @Test
  void aRequestIsItsOwnScopeNotTheContainersThread() {
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    java.util.List<String> sent = new java.util.ArrayList<>();
    CallerRequest first = new CallerRequest(null, java.util.List.of(), text -> sent.add(text));
    first.enter();
    ryow.wrote(new PendingToken(new Token(7, 1, 900)));
    assertEquals(new Token(7, 1, 900), ryow.required(primary));
    CallerRequest.exit();
    assertEquals(java.util.List.of("7:1:0/384"), sent, "the token went back to the client (cookie)");
    new CallerRequest(null, java.util.List.of(), null).enter();
    try {
      assertNull(ryow.required(primary), "the next request on the same thread (another user) does not wait");
    } finally {
      CallerRequest.exit();
    }
  }

  @Test
  void aThreadReadsWhatItWroteAndOtherThreadsDoNotWait() throws InterruptedException {
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    ryow.wrote(new PendingToken(new Token(7, 1, 900)));
    assertEquals(new Token(7, 1, 900), ryow.required(primary));
    Token[] seenElsewhere = new Token[1];
    Thread other = new Thread(() -> seenElsewhere[0] = ryow.required(primary));
    other.start();
    other.join();
    assertNull(seenElsewhere[0]);
  }

  @Test
  void aSessionKeyInBaggageCarriesTheTokenAcrossThreads() throws InterruptedException {
    ReadYourWrites ryow = new ReadYourWrites(LaglessConfig.defaults());
    try (Scope ignored = Baggage.builder().put("user.id", "42").build().makeCurrent()) {
      ryow.wrote(new PendingToken(new Token(7, 1, 900)));
    }
    Token[] seen = new Token[1];
    Thread other = new Thread(() -> {
      try (Scope ignored = Baggage.builder().put("user.id", "42").build().makeCurrent()) {
        seen[0] = ryow.required(primary);
      }
    });
    other.start();
    other.join();
    assertEquals(new Token(7, 1, 900), seen[0]);
  }
}
