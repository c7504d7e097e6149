#ifndef CXRPLCRYPTO_H
#define CXRPLCRYPTO_H

/*
 * The XRPL's secp256k1 and RIPEMD160 needs, on top of OpenSSL's libcrypto.
 *
 * Only plain C types cross this boundary so Swift imports it without OpenSSL's headers.
 * Every function returns 1 on success and 0 on failure; on failure the outputs are
 * unspecified and OpenSSL's per-thread error queue has been cleared.
 * Every function is safe to call from many threads at once.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* RIPEMD160(data): the outer hash of an XRPL account ID. */
int cxrpl_ripemd160(const uint8_t *data, size_t len, uint8_t out[20]);

/*
 * XRPL family-seed derivation (account index 0), as rippled, ripple-keypairs and xrpl-py do it.
 * priv_out gets the 32-byte scalar, pub_out the 33-byte compressed point.
 */
int cxrpl_secp256k1_derive(const uint8_t entropy[16], uint8_t priv_out[32], uint8_t pub_out[33]);

/* Compressed public key of a 32-byte private scalar in [1, n-1]. */
int cxrpl_secp256k1_public_key(const uint8_t priv[32], uint8_t pub_out[33]);

/*
 * Deterministic (RFC 6979, HMAC-SHA256) ECDSA over a 32-byte digest, low-S, strict DER.
 * *der_len is the capacity of der_out on entry (at least 72) and the signature length on return.
 */
int cxrpl_secp256k1_sign(const uint8_t digest[32], const uint8_t priv[32], uint8_t *der_out, size_t *der_len);

/*
 * 1 only for a fully canonical signature (strict DER, low-S) that verifies against a
 * 33-byte compressed public key; 0 for anything else, including malformed input.
 */
int cxrpl_secp256k1_verify(const uint8_t digest[32], const uint8_t *der, size_t der_len, const uint8_t *pub,
                           size_t pub_len);

#ifdef __cplusplus
}
#endif

#endif
