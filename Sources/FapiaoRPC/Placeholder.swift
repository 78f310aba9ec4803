// Module FapiaoRPC.
