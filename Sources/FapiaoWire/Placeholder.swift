// Module FapiaoWire.
