// Module FapiaoClient.
