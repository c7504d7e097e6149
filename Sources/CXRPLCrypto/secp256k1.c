/*
 * secp256k1 for the XRPL: key derivation, RFC 6979 signing, canonical verification.
 *
 * All curve and bignum arithmetic is OpenSSL's; this file only sequences it. OpenSSL 3.0 has
 * no deterministic ECDSA, so the nonce comes from our own HMAC-SHA256 DRBG (RFC 6979 3.2) and
 * is handed to ECDSA_do_sign_ex, which with EC_KEY is deprecated in 3.0 but is the only
 * public way to sign with a caller-chosen nonce.
 */
#define OPENSSL_SUPPRESS_DEPRECATED

#include "cxrplcrypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <string.h>

/*
 * Built once and only read afterwards, which OpenSSL allows from many threads at once
 * (openssl-threads(7)). Saves a group build (~25 µs) and an HMAC fetch, which takes a
 * lock on the provider store, on every call.
 */
static struct {
    EC_GROUP *group;
    BIGNUM *half_order;
    EVP_MAC_CTX *hmac_sha256; /* a template: each signature works on its own dup */
} shared;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void shared_init(void) {
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_secp256k1);
    BIGNUM *half = BN_new();
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *hmac = mac != NULL ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
        OSSL_PARAM_construct_end(),
    };
    if (group != NULL && half != NULL && hmac != NULL && BN_rshift1(half, EC_GROUP_get0_order(group))
        && EVP_MAC_CTX_set_params(hmac, params)) {
        shared.group = group;
        shared.half_order = half;
        shared.hmac_sha256 = hmac;
        hmac = NULL;
        group = NULL;
        half = NULL;
    }
    EVP_MAC_CTX_free(hmac);
    EVP_MAC_free(mac);
    BN_free(half);
    EC_GROUP_free(group);
    ERR_clear_error();
}

static int shared_ready(void) {
    return pthread_once(&shared_once, shared_init) == 0 && shared.group != NULL;
}

/* Failure paths leave nothing in OpenSSL's per-thread error queue to confuse a later caller. */
static int done(int ok) {
    if (!ok) ERR_clear_error();
    return ok;
}

static int in_scalar_range(const BIGNUM *x) {
    return !BN_is_zero(x) && !BN_is_negative(x) && BN_cmp(x, EC_GROUP_get0_order(shared.group)) < 0;
}

static int point_to_compressed(const EC_POINT *p, uint8_t out[33], BN_CTX *ctx) {
    return EC_POINT_point2oct(shared.group, p, POINT_CONVERSION_COMPRESSED, out, 33, ctx) == 33;
}

static int public_from_scalar(const BIGNUM *d, uint8_t out[33], BN_CTX *ctx) {
    EC_POINT *p = EC_POINT_new(shared.group);
    int ok = p != NULL && EC_POINT_mul(shared.group, p, d, NULL, NULL, ctx) && point_to_compressed(p, out, ctx);
    EC_POINT_free(p);
    return ok;
}

/*
 * The first SHA512Half(prefix ‖ [be32 0] ‖ be32 seq) that is a valid scalar. prefix_len is 16
 * (entropy, no account index) or 33 (root public key, followed by account index 0).
 */
static int derive_scalar(const uint8_t *prefix, size_t prefix_len, int with_account_index, BIGNUM *out) {
    uint8_t buf[33 + 4 + 4];
    uint8_t hash[SHA512_DIGEST_LENGTH];
    size_t off = prefix_len;
    int ok = 0;
    memcpy(buf, prefix, prefix_len);
    if (with_account_index) {
        memset(buf + off, 0, 4);
        off += 4;
    }
    for (uint32_t seq = 0; seq < UINT32_MAX && !ok; seq++) {
        buf[off] = (uint8_t)(seq >> 24);
        buf[off + 1] = (uint8_t)(seq >> 16);
        buf[off + 2] = (uint8_t)(seq >> 8);
        buf[off + 3] = (uint8_t)seq;
        if (SHA512(buf, off + 4, hash) == NULL || BN_bin2bn(hash, 32, out) == NULL) break;
        ok = in_scalar_range(out);
    }
    OPENSSL_cleanse(buf, sizeof buf);
    OPENSSL_cleanse(hash, sizeof hash);
    return ok;
}

int cxrpl_secp256k1_derive(const uint8_t entropy[16], uint8_t priv_out[32], uint8_t pub_out[33]) {
    if (entropy == NULL || priv_out == NULL || pub_out == NULL || !shared_ready()) return 0;
    BN_CTX *ctx = BN_CTX_secure_new();
    BIGNUM *root = BN_secure_new(), *mid = BN_secure_new(), *priv = BN_secure_new();
    uint8_t root_pub[33];
    int ok = ctx != NULL && root != NULL && mid != NULL && priv != NULL
        && derive_scalar(entropy, 16, 0, root) && public_from_scalar(root, root_pub, ctx)
        && derive_scalar(root_pub, 33, 1, mid)
        && BN_mod_add(priv, root, mid, EC_GROUP_get0_order(shared.group), ctx) && in_scalar_range(priv)
        && BN_bn2binpad(priv, priv_out, 32) == 32 && public_from_scalar(priv, pub_out, ctx);
    BN_clear_free(root);
    BN_clear_free(mid);
    BN_clear_free(priv);
    BN_CTX_free(ctx);
    return done(ok);
}

int cxrpl_secp256k1_public_key(const uint8_t priv[32], uint8_t pub_out[33]) {
    if (priv == NULL || pub_out == NULL || !shared_ready()) return 0;
    BN_CTX *ctx = BN_CTX_secure_new();
    BIGNUM *d = BN_secure_new();
    int ok = ctx != NULL && d != NULL && BN_bin2bn(priv, 32, d) != NULL && in_scalar_range(d)
        && public_from_scalar(d, pub_out, ctx);
    BN_clear_free(d);
    BN_CTX_free(ctx);
    return done(ok);
}

/*
 * RFC 6979 section 3.2 with HMAC-SHA256, seeded with int2octets(x) ‖ bits2octets(h1) and no
 * extra data: the nonce rippled (libsecp256k1's default) and xrpl.js draw, so our signatures,
 * and the tx hashes that cover them, match theirs byte for byte.
 */
typedef struct {
    EVP_MAC_CTX *mac;
    uint8_t k[32];
    uint8_t v[32];
    int drawn;
} nonce_drbg;

/* K = HMAC_K(V ‖ sep [‖ seed]); V = HMAC_K(V). */
static int drbg_rekey(nonce_drbg *d, uint8_t sep, const uint8_t seed[64]) {
    uint8_t k[32];
    size_t n = 0;
    int ok = EVP_MAC_init(d->mac, d->k, 32, NULL) && EVP_MAC_update(d->mac, d->v, 32)
        && EVP_MAC_update(d->mac, &sep, 1) && (seed == NULL || EVP_MAC_update(d->mac, seed, 64))
        && EVP_MAC_final(d->mac, k, &n, 32) && n == 32
        && EVP_MAC_init(d->mac, k, 32, NULL) && EVP_MAC_update(d->mac, d->v, 32)
        && EVP_MAC_final(d->mac, d->v, &n, 32) && n == 32;
    memcpy(d->k, k, 32);
    OPENSSL_cleanse(k, sizeof k);
    return ok;
}

static int drbg_init(nonce_drbg *d, const uint8_t seed[64]) {
    d->mac = EVP_MAC_CTX_dup(shared.hmac_sha256);
    d->drawn = 0;
    memset(d->k, 0x00, 32);
    memset(d->v, 0x01, 32);
    return d->mac != NULL && drbg_rekey(d, 0x00, seed) && drbg_rekey(d, 0x01, seed);
}

/* Next candidate nonce; qlen = hlen = 256, so one HMAC block per candidate. */
static int drbg_next(nonce_drbg *d, uint8_t out[32]) {
    size_t n = 0;
    if (d->drawn && !drbg_rekey(d, 0x00, NULL)) return 0;
    d->drawn = 1;
    if (!(EVP_MAC_init(d->mac, d->k, 32, NULL) && EVP_MAC_update(d->mac, d->v, 32)
          && EVP_MAC_final(d->mac, d->v, &n, 32) && n == 32)) return 0;
    memcpy(out, d->v, 32);
    return 1;
}

static void drbg_free(nonce_drbg *d) {
    EVP_MAC_CTX_free(d->mac);
    OPENSSL_cleanse(d->k, sizeof d->k);
    OPENSSL_cleanse(d->v, sizeof d->v);
}

/* One attempt with candidate k: NULL when k, r or s is unusable and the next candidate is due. */
static ECDSA_SIG *sign_with_nonce(const uint8_t digest[32], const uint8_t kbytes[32], EC_KEY *key, BN_CTX *ctx) {
    const BIGNUM *order = EC_GROUP_get0_order(shared.group);
    BIGNUM *k = BN_secure_new(), *kinv = BN_secure_new(), *x = BN_new(), *r = BN_new();
    EC_POINT *big_r = EC_POINT_new(shared.group);
    ECDSA_SIG *sig = NULL;
    if (k != NULL && kinv != NULL && x != NULL && r != NULL && big_r != NULL
        && BN_bin2bn(kbytes, 32, k) != NULL && in_scalar_range(k)) {
        /* Constant-time paths: the ladder in EC_POINT_mul and the branch-free BN_mod_inverse. */
        BN_set_flags(k, BN_FLG_CONSTTIME);
        if (EC_POINT_mul(shared.group, big_r, k, NULL, NULL, ctx)
            && EC_POINT_get_affine_coordinates(shared.group, big_r, x, NULL, ctx)
            && BN_nnmod(r, x, order, ctx) && !BN_is_zero(r)
            && BN_mod_inverse(kinv, k, order, ctx) != NULL) {
            /* Fails (ECDSA_R_NEED_NEW_SETUP_VALUES) when s = 0. */
            sig = ECDSA_do_sign_ex(digest, 32, kinv, r, key);
        }
    }
    EC_POINT_free(big_r);
    BN_free(r);
    BN_free(x);
    BN_clear_free(kinv);
    BN_clear_free(k);
    return sig;
}

/* rippled rejects s > n/2 (not "fully canonical"); n - s is the equally valid twin. */
static int normalise_low_s(ECDSA_SIG *sig) {
    const BIGNUM *r = NULL, *s = NULL;
    ECDSA_SIG_get0(sig, &r, &s);
    if (BN_cmp(s, shared.half_order) <= 0) return 1;
    BIGNUM *nr = BN_dup(r), *ns = BN_new();
    if (nr != NULL && ns != NULL && BN_sub(ns, EC_GROUP_get0_order(shared.group), s) && ECDSA_SIG_set0(sig, nr, ns))
        return 1;
    BN_free(nr);
    BN_free(ns);
    return 0;
}

int cxrpl_secp256k1_sign(const uint8_t digest[32], const uint8_t priv[32], uint8_t *der_out, size_t *der_len) {
    if (digest == NULL || priv == NULL || der_out == NULL || der_len == NULL || *der_len < 72 || !shared_ready())
        return 0;
    const BIGNUM *order = EC_GROUP_get0_order(shared.group);
    BN_CTX *ctx = BN_CTX_secure_new();
    BIGNUM *d = BN_secure_new(), *h = BN_new();
    EC_KEY *key = EC_KEY_new();
    ECDSA_SIG *sig = NULL;
    nonce_drbg drbg = {0};
    uint8_t seed[64]; /* int2octets(x) ‖ bits2octets(h1) */
    uint8_t kbytes[32];
    int ok = ctx != NULL && d != NULL && h != NULL && key != NULL
        && BN_bin2bn(priv, 32, d) != NULL && in_scalar_range(d)
        && BN_bin2bn(digest, 32, h) != NULL && BN_nnmod(h, h, order, ctx)
        && BN_bn2binpad(d, seed, 32) == 32 && BN_bn2binpad(h, seed + 32, 32) == 32
        && EC_KEY_set_group(key, shared.group) && EC_KEY_set_private_key(key, d)
        && drbg_init(&drbg, seed);
    /* A retry has probability about 2^-128; the bound only guards against a broken library. */
    for (int attempt = 0; ok && sig == NULL && attempt < 16; attempt++) {
        if (!drbg_next(&drbg, kbytes)) break;
        sig = sign_with_nonce(digest, kbytes, key, ctx);
        if (sig == NULL) ERR_clear_error();
    }
    ok = sig != NULL && normalise_low_s(sig);
    if (ok) {
        int len = i2d_ECDSA_SIG(sig, NULL);
        unsigned char *p = der_out;
        ok = len > 0 && (size_t)len <= *der_len && i2d_ECDSA_SIG(sig, &p) == len;
        if (ok) *der_len = (size_t)len;
    }
    OPENSSL_cleanse(seed, sizeof seed);
    OPENSSL_cleanse(kbytes, sizeof kbytes);
    drbg_free(&drbg);
    ECDSA_SIG_free(sig);
    EC_KEY_free(key);
    BN_free(h);
    BN_clear_free(d);
    BN_CTX_free(ctx);
    return done(ok);
}

/* Strict DER: exactly one SEQUENCE with nothing after it, re-encoding to the same bytes. */
static ECDSA_SIG *parse_strict_der(const uint8_t *der, size_t der_len) {
    const unsigned char *p = der;
    ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    if (sig == NULL) return NULL;
    unsigned char *again = NULL;
    int len = i2d_ECDSA_SIG(sig, &again);
    int strict = p == der + der_len && len > 0 && (size_t)len == der_len && memcmp(again, der, der_len) == 0;
    OPENSSL_free(again);
    if (strict) return sig;
    ECDSA_SIG_free(sig);
    return NULL;
}

int cxrpl_secp256k1_verify(const uint8_t digest[32], const uint8_t *der, size_t der_len, const uint8_t *pub,
                           size_t pub_len) {
    /* rippled's bounds: 8..72 bytes of DER, a 33-byte compressed key. */
    if (digest == NULL || der == NULL || pub == NULL || der_len < 8 || der_len > 72 || pub_len != 33
        || (pub[0] != 0x02 && pub[0] != 0x03) || !shared_ready())
        return 0;
    BN_CTX *ctx = BN_CTX_new();
    EC_POINT *q = EC_POINT_new(shared.group);
    EC_KEY *key = EC_KEY_new();
    ECDSA_SIG *sig = parse_strict_der(der, der_len);
    const BIGNUM *s = NULL;
    if (sig != NULL) ECDSA_SIG_get0(sig, NULL, &s);
    int ok = ctx != NULL && q != NULL && key != NULL && sig != NULL
        && BN_cmp(s, shared.half_order) <= 0
        && EC_POINT_oct2point(shared.group, q, pub, pub_len, ctx)
        && EC_KEY_set_group(key, shared.group) && EC_KEY_set_public_key(key, q)
        && ECDSA_do_verify(digest, 32, sig, key) == 1;
    ECDSA_SIG_free(sig);
    EC_KEY_free(key);
    EC_POINT_free(q);
    BN_CTX_free(ctx);
    return done(ok);
}
