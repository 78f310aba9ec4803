// Module FapiaoAPI.
