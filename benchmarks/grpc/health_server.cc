// gRPC C++ health server over TLS: grpc.health.v1.Health/Check returns
// SERVING for the empty service name and NOT_FOUND for any other, as
// fapiao's HealthService does for unknown names. Uses the callback API so
// that handlers run on gRPC's own threads without a thread per call.
//
//   health_server ADDRESS CERT_PEM KEY_PEM [THREADS]
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>

#include "health.grpc.pb.h"

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    std::cerr << "health_server: cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

class HealthService final : public grpc::health::v1::Health::CallbackService {
  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override {
    auto* reactor = context->DefaultReactor();
    if (request->service().empty()) {
      response->set_status(grpc::health::v1::HealthCheckResponse::SERVING);
      reactor->Finish(grpc::Status::OK);
    } else {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"));
    }
    return reactor;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: health_server ADDRESS CERT_PEM KEY_PEM [THREADS]\n";
    return 2;
  }
  grpc::SslServerCredentialsOptions tls;
  tls.pem_key_cert_pairs.push_back({ReadFile(argv[3]), ReadFile(argv[2])});

  HealthService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(argv[1], grpc::SslServerCredentials(tls), &port);
  builder.RegisterService(&service);
  if (argc > 4) {
    grpc::ResourceQuota quota;
    quota.SetMaxThreads(std::stoi(argv[4]));
    builder.SetResourceQuota(quota);
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::cerr << "health_server: cannot listen on " << argv[1] << "\n";
    return 1;
  }
  std::cout << "listening " << port << std::endl;
  server->Wait();
  return 0;
}
