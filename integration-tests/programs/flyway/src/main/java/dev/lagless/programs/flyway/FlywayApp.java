package dev.lagless.programs.flyway;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Flyway driven through its Java API, as a build step or an application's start-up does: the commands
 * named in the arguments, in order, each printing what Flyway reports — only what does not change
 * from run to run (no timestamps, no durations), so two runs can be compared line by line.
 *
 * <p>Arguments: JDBC URL, user, password, schema, then commands: {@code migrate}, {@code info},
 * {@code validate}. Migrations: {@code classpath:db/migration}, Flyway's default.
 */
public final class FlywayApp {

  public static void main(String[] args) {
    Flyway flyway = Flyway.configure()
        .dataSource(args[0], args[1], args[2])
        .schemas(args[3])
        .load();
    for (int i = 4; i < args.length; i++) {
      switch (args[i]) {
        case "migrate":
          MigrateResult migrated = flyway.migrate();
          System.out.println("migrate success=" + migrated.success + " executed=" + migrated.migrationsExecuted
              + " from=" + migrated.initialSchemaVersion + " to=" + migrated.targetSchemaVersion);
          break;
        case "info":
          for (MigrationInfo migration : flyway.info().all()) {
            System.out.println("info rank=" + migration.getInstalledRank() + " version=" + migration.getVersion()
                + " description=" + migration.getDescription() + " type=" + migration.getType()
                + " state=" + migration.getState() + " checksum=" + migration.getChecksum()
                + " script=" + migration.getScript() + " by=" + migration.getInstalledBy());
          }
          MigrationInfo current = flyway.info().current();
          System.out.println("info current=" + (current == null ? "none" : current.getVersion()));
          break;
        case "validate":
          ValidateResult validated = flyway.validateWithResult();
          System.out.println("validate success=" + validated.validationSuccessful + " errors="
              + validated.invalidMigrations.size());
          break;
        default:
          throw new IllegalArgumentException("unknown command " + args[i]);
      }
    }
  }
}
