package dev.lagless.benchmarks.load;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One way an application can send its reads to replicas, as the contenders run starts it: the options
 * of its JVM, the arguments of its {@link LoadWorker} (which depend on the thread count: pool sizes),
 * and the libraries it brings, put before the harness's own on the worker's class path so that the
 * versions it was released with are the ones that run.
 */
final class Contender {

  final String name;
  /** One line for the report: what this contender is and how it is configured. */
  final String setup;
  final List<String> jvmOptions;
  final IntFunction<List<String>> workerArguments;
  final String classPath;

  Contender(String name, String setup, List<String> jvmOptions, IntFunction<List<String>> workerArguments,
      String classPath) {
    this.name = name;
    this.setup = setup;
    this.jvmOptions = jvmOptions;
    this.workerArguments = workerArguments;
    this.classPath = classPath;
  }
}
