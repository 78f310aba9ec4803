#ifndef CFAPIAO_SHIMS_H
#define CFAPIAO_SHIMS_H
#include <openssl/ssl.h>
int fapiao_ssl_ctx_set_min_tls12(SSL_CTX *ctx);
#endif
