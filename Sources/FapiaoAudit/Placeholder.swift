// Access-log tamper evidence.
