/**
 * Advice woven into pgjdbc's classes. Each class is inlined into the driver's bytecode, so it may
 * refer only to JDK types and to {@link dev.lagless.bootstrap.JdbcHooks} (on the bootstrap class path,
 * visible from any class loader); it only delegates, and suppresses every {@link Throwable} so that
 * nothing of the agent can reach the application.
 */
package dev.lagless.jdbc.advice;
