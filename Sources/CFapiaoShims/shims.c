#define _GNU_SOURCE
#include "CFapiaoShims.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int fapiao_ssl_ctx_set_min_tls12(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

int fapiao_ssl_ctx_apply_defaults(SSL_CTX *ctx) {
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
        return 0;
    }
    // Partial writes and moving buffers let the caller retry SSL_write from an
    // outbound queue that may grow or reallocate between attempts. Released
    // buffers keep idle connections small.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                              SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
    // No session resumption: the transport's clients never resume, and
    // session tickets and cached sessions cost memory on every connection.
    SSL_CTX_set_num_tickets(ctx, 0);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    return 1;
}

struct fapiao_alpn_list {
    unsigned char *bytes;
    unsigned int length;
};

static int fapiao_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                              const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl;
    const struct fapiao_alpn_list *list = arg;
    unsigned char *selected = NULL;
    unsigned char selected_length = 0;
    // Server preference order: the first configured protocol that the client offers.
    int result = SSL_select_next_proto(&selected, &selected_length, list->bytes, list->length,
                                       in, inlen);
    if (result != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    *out = selected;
    *outlen = selected_length;
    return SSL_TLSEXT_ERR_OK;
}

void *fapiao_ssl_ctx_set_alpn_server(SSL_CTX *ctx, const unsigned char *protocols,
                                     unsigned int length) {
    struct fapiao_alpn_list *list = malloc(sizeof(*list));
    if (list == NULL) {
        return NULL;
    }
    list->bytes = malloc(length > 0 ? length : 1);
    if (list->bytes == NULL) {
        free(list);
        return NULL;
    }
    memcpy(list->bytes, protocols, length);
    list->length = length;
    SSL_CTX_set_alpn_select_cb(ctx, fapiao_alpn_select, list);
    return list;
}

void fapiao_alpn_list_free(void *list) {
    struct fapiao_alpn_list *alpn = list;
    if (alpn == NULL) {
        return;
    }
    free(alpn->bytes);
    free(alpn);
}

int fapiao_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

EVP_PKEY *fapiao_evp_ec_gen_p256(void) {
    return EVP_EC_gen("P-256");
}

long fapiao_bio_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

int fapiao_x509_add_extension(X509 *cert, X509 *issuer, int nid, const char *value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(NULL, &context, nid, value);
    if (extension == NULL) {
        return 0;
    }
    int result = X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
    return result;
}

int fapiao_set_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

int fapiao_accept_nonblocking(int descriptor, struct sockaddr *address, socklen_t *length) {
    return accept4(descriptor, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
