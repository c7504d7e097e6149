/* The low-level RIPEMD160() fallback is deprecated in OpenSSL 3; keep the warning out of builds. */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "cxrplcrypto.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ripemd.h>
#include <pthread.h>

/* Fetched once: a fetch takes a lock on the provider store, and a fetched EVP_MD is immutable. */
static EVP_MD *ripemd_md;
static pthread_once_t ripemd_once = PTHREAD_ONCE_INIT;

static void ripemd_fetch(void) {
    /* NULL when only the legacy provider has it (OpenSSL 3.0.0–3.0.6); then the fallback serves. */
    ripemd_md = EVP_MD_fetch(NULL, "RIPEMD160", NULL);
    ERR_clear_error();
}

int cxrpl_ripemd160(const uint8_t *data, size_t len, uint8_t out[20]) {
    static const uint8_t empty = 0;
    if (out == NULL || (data == NULL && len != 0)) return 0;
    if (data == NULL) data = &empty; /* Swift passes NULL for an empty array. */

    pthread_once(&ripemd_once, ripemd_fetch);
    if (ripemd_md != NULL) {
        unsigned int n = 0;
        if (EVP_Digest(data, len, out, &n, ripemd_md, NULL) == 1 && n == 20) return 1;
        ERR_clear_error();
    }
    return RIPEMD160(data, len, out) != NULL;
}
