// Module FapiaoStore.
