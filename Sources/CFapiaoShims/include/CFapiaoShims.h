#ifndef CFAPIAO_SHIMS_H
#define CFAPIAO_SHIMS_H

// C wrappers for OpenSSL function-like macros and variadic functions, which
// Swift cannot call, and the Linux headers that the Glibc module omits.

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/bio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

/// Sets TLS 1.2 as the minimum protocol version. Returns 1 on success.
int fapiao_ssl_ctx_set_min_tls12(SSL_CTX *ctx);

/// Applies the transport defaults to a context: minimum TLS 1.2, partial
/// writes, moving write buffers, released idle buffers and no renegotiation.
/// Returns 1 on success and 0 on failure (error queue set).
int fapiao_ssl_ctx_apply_defaults(SSL_CTX *ctx);

/// Installs an ALPN selection callback that accepts only the protocols in
/// `protocols` (ALPN wire format: length-prefixed names) and aborts the
/// handshake with a fatal alert when the client offers ALPN without a match.
/// Clients that send no ALPN extension are accepted.
/// Returns an opaque copy of the list that must stay alive as long as `ctx`
/// and is released with `fapiao_alpn_list_free` after `SSL_CTX_free`, or
/// NULL when memory is exhausted.
void *fapiao_ssl_ctx_set_alpn_server(SSL_CTX *ctx, const unsigned char *protocols,
                                     unsigned int length);

/// Releases a list returned by `fapiao_ssl_ctx_set_alpn_server`.
void fapiao_alpn_list_free(void *list);

/// Sets the SNI host name sent by a client. Returns 1 on success.
int fapiao_ssl_set_tlsext_host_name(SSL *ssl, const char *name);

/// Generates an EC key pair on curve P-256. Returns NULL on failure.
EVP_PKEY *fapiao_evp_ec_gen_p256(void);

/// Stores the address of a memory BIO's contents in `*data` and returns its length.
long fapiao_bio_get_mem_data(BIO *bio, char **data);

/// Adds an X.509 v3 extension given in OpenSSL configuration syntax (for
/// example "critical,CA:TRUE") to `cert`, with `issuer` as the issuing
/// certificate for authority key identifiers. Returns 1 on success.
int fapiao_x509_add_extension(X509 *cert, X509 *issuer, int nid, const char *value);

/// Names the calling thread (at most 15 bytes); glibc declares
/// pthread_setname_np only with _GNU_SOURCE. Returns 0 on success.
int fapiao_set_thread_name(const char *name);

/// Accepts a connection as a non-blocking, close-on-exec socket with
/// accept4, which glibc declares only with _GNU_SOURCE. Returns -1 and sets
/// errno on failure.
int fapiao_accept_nonblocking(int descriptor, struct sockaddr *address, socklen_t *length);

#endif
