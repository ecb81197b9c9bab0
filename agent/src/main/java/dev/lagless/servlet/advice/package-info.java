/**
 * Advice woven into servlet containers' classes. It only passes the request and response to
 * {@link dev.lagless.bootstrap.ServletHooks}; every Throwable is suppressed.
 */
package dev.lagless.servlet.advice;
