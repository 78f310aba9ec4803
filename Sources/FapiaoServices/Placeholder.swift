// Module FapiaoServices.
