/// The help text of the `fapiao` command.
enum Usage {
    static let text = """
        usage: fapiao [connection options] COMMAND [options]

        Commands:
          tenants create NAME [--admin-name NAME] [--key-out FILE]
                                       create a tenant and its first administrator;
                                       prints the administrator's API key once, or
                                       writes it to FILE (mode 0600)
          invoices issue --file FILE [--idempotency-key KEY]
                                       issue the invoice in FILE (IssueInvoiceRequest
                                       in proto3 JSON); a retry with the same KEY
                                       returns the first invoice
          invoices get ID              show one invoice
          health [SERVICE]             check that the server is serving

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
