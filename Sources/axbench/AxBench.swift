import ArgumentParser
import AxisCodec

/// `axbench`: Axis's benchmarks. Every figure is reported next to a baseline measured in the
/// same run on the same machine (docs/benchmarks.md), because absolute numbers on shared
/// machines mean little.
@main
struct AxBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "axbench",
        abstract: "Axis benchmarks, each next to a baseline measured in the same run.",
        discussion: """
            Build in release mode for meaningful figures:
              swift run -c release axbench rpc
            """,
        version: AxisVersion.current,
        subcommands: [RPCBenchmark.self, IngestBenchmark.self, StartupBenchmark.self, TransferBenchmark.self, ExtractBenchmark.self, QueryBenchmark.self, SoakBenchmark.self, CheckpointBenchmark.self])
}
