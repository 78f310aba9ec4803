// Module FapiaoTransport.
