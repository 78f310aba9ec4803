/// The help text of the `fapiao` command.
enum Usage {
    static let text = """
        usage: fapiao [connection options] COMMAND [options]

        Tenants (platform operator key):
          tenants create NAME [--admin-name NAME] [--key-out FILE]
                                       create a tenant and its first administrator;
                                       prints the administrator's API key once, or
                                       writes it to FILE (mode 0600) and leaves it
                                       out of the output
          tenants list                 list every tenant, oldest first
          tenants show ID              show one tenant and its settings
          tenants suspend ID           make the tenant's calls fail with
                                       FAILED_PRECONDITION until it is resumed
          tenants resume ID            end a suspension
          tenants settings ID [--rate-limit N] [--burst N] [--max-concurrent N]
                                       change the given limits, or show them when
                                       no option is given:
                                         --rate-limit N      average calls per second
                                         --burst N           calls above the average
                                                             rate (token bucket size)
                                         --max-concurrent N  calls running at once
                                       each N is a whole number, at least 1

        Principals (tenant administrator key):
          principals create NAME [--kind person|service] [--role ROLE]...
                                       create a principal (default kind person) with
                                       the roles given; repeat --role for each role
          principals list              list the tenant's principals
          principals disable ID        make the principal's credentials fail with
                                       UNAUTHENTICATED
          principals enable ID         undo disable

        API keys (tenant administrator key):
          keys create PRINCIPAL_ID [--expires TIME] [--key-out FILE]
                                       create an API key; TIME is RFC 3339, such as
                                       2027-01-31T00:00:00Z (default: never expires);
                                       prints the key once, or writes it to FILE
                                       (mode 0600) and leaves it out of the output
          keys list [--principal ID]   list key ids, of one principal or of all;
                                       never prints a key
          keys revoke KEY_ID           make the key fail with UNAUTHENTICATED

        Client certificates (tenant administrator key):
          certificates bind PRINCIPAL_ID FINGERPRINT
          certificates bind PRINCIPAL_ID --cert FILE
                                       let the certificate authenticate the
                                       principal; FINGERPRINT is the SHA-256 of the
                                       DER certificate, 64 hex digits with or
                                       without ':'; --cert computes it from a PEM
                                       FILE with the openssl command
          certificates list            list the bound certificates
          certificates unbind FINGERPRINT
          certificates unbind --cert FILE
                                       remove a binding

        Roles (tenant administrator key):
          roles list                   list built-in and custom roles
          roles create NAME --permission PERMISSION [--permission PERMISSION]...
                                       create a custom role; NAME is 1 to 64 of
                                       a-z, 0-9 and '_'
          roles grant PRINCIPAL_ID ROLE
                                       grant a role to a principal
          roles revoke PRINCIPAL_ID ROLE
                                       revoke a role from a principal
          roles permissions            list the permissions a role can contain

        Invoices (key of a principal with invoice permissions):
          invoices issue --file FILE [--idempotency-key KEY]
                                       issue the invoice in FILE (IssueInvoiceRequest
                                       in proto3 JSON); a retry with the same KEY
                                       returns the first invoice
          invoices get ID              show one invoice

          health [SERVICE]             check that the server is serving (no key)

        Connection options (also accepted after the command):
          --server HOST:PORT   server address        (FAPIAO_SERVER, default 127.0.0.1:7443)
          --key-file FILE      file with the API key (FAPIAO_KEY_FILE, default .fapiao/admin.key)
          --ca-cert FILE       CA certificate (PEM)  (FAPIAO_CA_CERT, default .fapiao/tls/dev-ca.pem)
          --timeout SECONDS    call deadline         (default 30)

        Output options:
          --json               print the reply in the proto3 JSON mapping

        Exit status: 0 on success, 1 when the call fails (the status code name and
        message are printed), 2 for wrong usage or unreadable input.
        """
}
