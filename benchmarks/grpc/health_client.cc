// Async gRPC C++ load generator for grpc.health.v1.Health/Check over TLS,
// the reference for `fapiao-bench --method health`. Opens CONNECTIONS
// channels (each its own TCP connection), keeps IN_FLIGHT calls running on
// each, spreads the channels over THREADS completion queues, and prints one
// JSON object with the same fields as fapiao-bench --json.
//
//   health_client TARGET CA_PEM CONNECTIONS IN_FLIGHT DURATION_SECONDS [THREADS] [SERVER_PID]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "health.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;
using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    std::cerr << "health_client: cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

double SelfCPUSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

// Returns utime + stime of PID in seconds (proc(5) fields 14 and 15), or -1 when unreadable.
double ProcessCPUSeconds(int pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  size_t close = text.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double user = 0, system = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14) user = std::stod(field);
    if (index == 15) system = std::stod(field);
  }
  return (user + system) / sysconf(_SC_CLK_TCK);
}

// One call in flight; its address is the completion-queue tag.
struct Call {
  Health::Stub* stub = nullptr;
  grpc::CompletionQueue* queue = nullptr;
  std::unique_ptr<grpc::ClientContext> context;
  HealthCheckRequest request;
  HealthCheckResponse response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<HealthCheckResponse>> reader;
  Clock::time_point started;

  void Start() {
    context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    started = Clock::now();
    reader = stub->AsyncCheck(context.get(), request, queue);
    reader->Finish(&response, &status, this);
  }
};

struct Worker {
  grpc::CompletionQueue queue;
  std::vector<uint64_t> latencies;
  std::map<int, long> errors;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: health_client TARGET CA_PEM CONNECTIONS IN_FLIGHT DURATION_SECONDS"
                 " [THREADS] [SERVER_PID]\n";
    return 2;
  }
  const std::string target = argv[1];
  const int connections = std::stoi(argv[3]);
  const int in_flight = std::stoi(argv[4]);
  const double duration = std::stod(argv[5]);
  const int threads = argc > 6 ? std::stoi(argv[6]) : std::min<int>(connections, std::thread::hardware_concurrency());
  const int server_pid = argc > 7 ? std::stoi(argv[7]) : 0;

  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(argv[2]);
  auto credentials = grpc::SslCredentials(tls);

  std::vector<std::unique_ptr<Worker>> workers;
  for (int index = 0; index < threads; ++index) workers.push_back(std::make_unique<Worker>());
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<Health::Stub>> stubs;
  for (int index = 0; index < connections; ++index) {
    grpc::ChannelArguments arguments;
    // A local subchannel pool keeps each channel on its own TCP connection.
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel = grpc::CreateCustomChannel(target, credentials, arguments);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      std::cerr << "health_client: cannot connect to " << target << "\n";
      return 1;
    }
    channels.push_back(channel);
    stubs.push_back(Health::NewStub(channel));
  }

  std::vector<std::unique_ptr<Call>> calls;
  std::atomic<long> finished_calls{0};
  const double server_before = server_pid ? ProcessCPUSeconds(server_pid) : -1;
  const double client_before = SelfCPUSeconds();
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(duration));
  for (int connection = 0; connection < connections; ++connection) {
    Worker& worker = *workers[connection % threads];
    for (int slot = 0; slot < in_flight; ++slot) {
      auto call = std::make_unique<Call>();
      call->stub = stubs[connection].get();
      call->queue = &worker.queue;
      call->Start();
      calls.push_back(std::move(call));
    }
  }
  std::vector<std::thread> pollers;
  for (auto& worker_pointer : workers) {
    Worker* worker = worker_pointer.get();
    worker->latencies.reserve(1 << 20);
    pollers.emplace_back([worker, deadline, &finished_calls] {
      void* tag = nullptr;
      bool ok = false;
      while (worker->queue.Next(&tag, &ok)) {
        auto* call = static_cast<Call*>(tag);
        const auto now = Clock::now();
        if (ok && call->status.ok()) {
          worker->latencies.push_back(
              std::chrono::duration_cast<std::chrono::nanoseconds>(now - call->started).count());
        } else {
          worker->errors[ok ? call->status.error_code() : grpc::StatusCode::UNKNOWN]++;
        }
        if (now < deadline) {
          call->Start();
        } else {
          finished_calls.fetch_add(1);
        }
      }
    });
  }
  // Each call slot stops restarting after the deadline, so the run ends
  // when every slot has finished its last call.
  std::this_thread::sleep_until(deadline);
  while (finished_calls.load() < static_cast<long>(calls.size())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  const double client_cpu = SelfCPUSeconds() - client_before;
  const double server_cpu = server_pid ? ProcessCPUSeconds(server_pid) - server_before : -1;
  for (auto& worker : workers) worker->queue.Shutdown();
  for (auto& poller : pollers) poller.join();

  std::vector<uint64_t> latencies;
  std::map<int, long> errors;
  for (auto& worker : workers) {
    latencies.insert(latencies.end(), worker->latencies.begin(), worker->latencies.end());
    for (auto& [code, count] : worker->errors) errors[code] += count;
  }
  std::sort(latencies.begin(), latencies.end());
  const long ok = latencies.size();
  long calls_done = ok;
  for (auto& [code, count] : errors) calls_done += count;
  auto percentile = [&](double fraction) {
    if (latencies.empty()) return 0.0;
    size_t rank = static_cast<size_t>(std::ceil(fraction * latencies.size()));
    rank = std::min(std::max<size_t>(rank, 1), latencies.size());
    return latencies[rank - 1] / 1e6;
  };
  double total = 0;
  for (uint64_t latency : latencies) total += latency;
  std::printf("{\"method\":\"grpc-health\",\"connections\":%d,\"in_flight_per_connection\":%d,"
              "\"calls\":%ld,\"ok\":%ld,\"errors\":{",
              connections, in_flight, calls_done, ok);
  bool first = true;
  for (auto& [code, count] : errors) {
    std::printf("%s\"%d\":%ld", first ? "" : ",", code, count);
    first = false;
  }
  std::printf("},\"elapsed_seconds\":%.6f,\"calls_per_second\":%.3f,"
              "\"latency_ms\":{\"p50\":%.6f,\"p90\":%.6f,\"p99\":%.6f,\"max\":%.6f,\"mean\":%.6f},"
              "\"client_cpu_seconds\":%.6f,\"client_cpu_us_per_call\":%.3f",
              elapsed, calls_done / elapsed, percentile(0.5), percentile(0.9), percentile(0.99),
              latencies.empty() ? 0.0 : latencies.back() / 1e6,
              latencies.empty() ? 0.0 : total / latencies.size() / 1e6, client_cpu,
              calls_done ? client_cpu * 1e6 / calls_done : 0.0);
  if (server_pid) {
    std::printf(",\"server_cpu_seconds\":%.6f,\"server_cpu_us_per_call\":%.3f", server_cpu,
                calls_done ? server_cpu * 1e6 / calls_done : 0.0);
  }
  std::printf("}\n");
  return errors.empty() ? 0 : 1;
}
