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
          certificates bind PRINCIPAL_ID --cert FILE --cert-key FILE
                                       let the certificate (PEM) authenticate the
                                       principal; the call presents it with its key,
                                       which proves possession
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
          invoices get --series CODE --number N
                                       show the invoice with number N of a series
          invoices list [FILTER] [--page-size N] [--page-token TOKEN] [--all]
                                       list invoices, newest first, N per page (1 to
                                       1000, default 100) and print the next page
                                       token; --all fetches every page (with --json,
                                       one reply containing every invoice)
          invoices export [FILTER] [--out FILE]
                                       write the invoices as JSON Lines (one
                                       Invoice in proto3 JSON per line) to standard
                                       output or FILE as they arrive; FILE is
                                       replaced only by a complete export
          invoices deliver ID --channel CHANNEL --recipient ADDRESS
                                       issued -> delivered; CHANNEL such as email,
                                       sms, portal or paper
          invoices acknowledge ID      delivered -> acknowledged
          invoices archive ID          acknowledged, reversed or partially_reversed
                                       -> archived
          invoices credit ORIGINAL_ID --reason REASON [--file LINES] [--remarks TEXT]
                          [--issuer NAME] [--idempotency-key KEY]
                                       issue a credit note; REASON is
                                       invoicing_error, sales_return, sales_discount
                                       or service_stopped; LINES is a JSON array of
                                       InvoiceLineInput (only sales_return and
                                       sales_discount); without --file the whole
                                       invoice is reversed
          invoices verify [--from TIME] [--to TIME]
                                       recompute content hashes and print each
                                       mismatch; exit status 1 when there is one
          invoices reconcile --period YYYY-MM [--ledger FILE]
                                       print a month's totals (China Standard Time)
                                       by status, kind, currency and tax rate; with
                                       --ledger, compare them with FILE, a CSV file
                                       with the header status,kind,currency,tax_rate,
                                       invoices,lines,amount,tax (status and kind in
                                       lower case: issued, credit_note), and print
                                       every difference (with
                                       --json, one JSON object per line); exit
                                       status 1 when there is one
            FILTER options, all optional:
              --from TIME, --to TIME   issue time range, RFC 3339; --from inclusive,
                                       --to exclusive
              --buyer-name TEXT        part of the buyer's name, any case
              --buyer-tax-id ID        the buyer's tax id
              --min-total D, --max-total D
                                       bounds on the total with tax, inclusive
              --status STATUS          issued, delivered, acknowledged, archived,
                                       reversed or partially_reversed
              --kind KIND              invoice or credit_note
              --series CODE            numbering series

        Series (key with the series.manage permission):
          series create CODE [--prefix TEXT] [--no-year] [--width N]
                                       create a numbering series; the printed number
                                       is TEXT (default CODE), the issue year
                                       (unless --no-year) and the number padded to
                                       N digits (1 to 18, default 8)
          series list                  list the tenant's series

        Invoice settings (tenant administrator key):
          settings show                show the tenant's invoice settings
          settings update [--tax-rounding per_line|per_rate] [--tax-rate RATE]...
                          [--tax-id-check strict|warn] [--retention-years N]
                                       change the given settings and keep the
                                       others; each --tax-rate RATE (such as 0.13)
                                       adds an allowed rate, and together they
                                       replace the list; N is at least 10

          health [SERVICE]             check that the server is serving (no key)

        Access log (auditor key):
          audit list [--from T] [--to T] [--principal ID] [--method PATH]
                     [--resource-type T] [--resource-id ID]
                     [--outcome ok|failed|CODE_NAME] [--page-size N] [--page-token T]
                                       entries, oldest first
          audit export --out DIR [--from T] [--to T] [--format jsonl|csv]
                                       write a bundle: entries, the digests that
                                       seal them, public_key.pem and manifest.json
          audit verify DIR [--public-key FILE]
                                       check a bundle offline; exit 1 names the
                                       first entry or digest that fails
          audit public-key             the Ed25519 key that signs digests
          (T is an RFC 3339 time such as 2026-11-01T00:00:00+08:00)

        Connection options (also accepted after the command):
          --server HOST:PORT   server address        (FAPIAO_SERVER, default 127.0.0.1:7443)
          --key-file FILE      file with the API key (FAPIAO_KEY_FILE, default .fapiao/admin.key)
          --ca-cert FILE       CA certificate (PEM)  (FAPIAO_CA_CERT, default .fapiao/tls/dev-ca.pem)
          --timeout SECONDS    call deadline         (default 30; exports 3600)
          --client-cert FILE   TLS client certificate (PEM) to present  (FAPIAO_CLIENT_CERT)
          --client-key FILE    its private key (PEM)                     (FAPIAO_CLIENT_KEY)

        Output options:
          --json               print the reply in the proto3 JSON mapping

        Exit status: 0 on success, 1 when the call fails (the status code name and
        message are printed) or a check finds differences, 2 for wrong usage or
        unreadable input.
        """
}
