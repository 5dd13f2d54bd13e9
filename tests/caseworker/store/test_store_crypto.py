"""Sealing and search tokens."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseworker.store.crypto import MAX_PREFIX, FieldCipher, NameTokens, StoreKeys, aad, normalise, words
from caseworker.store.errors import DecryptionFailed

KEY = StoreKeys.derive(b"k" * 32)


@given(plaintext=st.binary(max_size=4096), where=st.text(max_size=40))
def test_seal_round_trip(plaintext: bytes, where: str) -> None:
    cipher = FieldCipher(KEY.fields)
    sealed = cipher.seal(plaintext, aad("t", where))
    assert cipher.open(sealed, aad("t", where)) == plaintext
    assert len(sealed) == len(plaintext) + 28  # nonce + tag


@given(plaintext=st.binary(min_size=1, max_size=256))
def test_sealed_value_is_bound_to_its_place_and_key(plaintext: bytes) -> None:
    cipher = FieldCipher(KEY.fields)
    sealed = cipher.seal(plaintext, aad("cases", "c1", "data"))
    with pytest.raises(DecryptionFailed):
        cipher.open(sealed, aad("cases", "c2", "data"))  # copied onto another row
    with pytest.raises(DecryptionFailed):
        FieldCipher(StoreKeys.derive(os.urandom(32)).fields).open(sealed, aad("cases", "c1", "data"))
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(DecryptionFailed):
        cipher.open(bytes(tampered), aad("cases", "c1", "data"))


def test_same_plaintext_seals_differently() -> None:
    cipher = FieldCipher(KEY.fields)
    assert cipher.seal(b"Anna", b"a") != cipher.seal(b"Anna", b"a")


def test_subkeys_are_distinct_and_hidden() -> None:
    assert len({KEY.fields, KEY.blobs, KEY.search}) == 3
    assert "k" * 8 not in repr(KEY) and "hidden" in repr(KEY)
    with pytest.raises(ValueError):
        StoreKeys.derive(b"short")


def test_normalise_folds_case_and_diacritics() -> None:
    assert normalise("Åsa ÖBERG-Lindén") == "asa oberg-linden"
    assert words("Åsa ÖBERG-Lindén, 4:12") == ["asa", "oberg", "linden", "4", "12"]


NAME_ALPHABET = st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -'åäöÅÄÖéü")


@given(name=st.text(alphabet=NAME_ALPHABET, min_size=1, max_size=60), data=st.data())
def test_every_prefix_of_every_name_word_matches(name: str, data: st.DataObject) -> None:
    tokens = NameTokens(KEY.search)
    name_words = words(name)
    indexed = tokens.tokens(name)
    if not name_words:
        assert indexed == set()
        return
    word = data.draw(st.sampled_from(name_words))
    end = data.draw(st.integers(min_value=1, max_value=len(word)))
    # whatever case/diacritics the user types, the query word normalises to the same prefix
    variants = [word[:end]] + [
        v for v in [word[:end].upper()] if normalise(v) == word[:end]
    ]  # not 'ı' -> 'I'
    typed = data.draw(st.sampled_from(variants))
    for query_word in words(typed):
        assert tokens.query_token(query_word) in indexed


def test_tokens_do_not_match_non_prefixes_and_depend_on_key() -> None:
    tokens = NameTokens(KEY.search)
    indexed = tokens.tokens("Anna Svensson")
    assert tokens.query_token("svens") in indexed
    assert tokens.query_token("venss") not in indexed  # infix, not prefix
    assert tokens.query_token("annas") not in indexed
    other = NameTokens(StoreKeys.derive(os.urandom(32)).search)
    assert other.query_token("anna") not in indexed
    assert len(indexed) == len("anna") + len("svensson")


def test_long_words_match_on_their_first_max_prefix_characters() -> None:
    tokens = NameTokens(KEY.search)
    long_word = "Abcdefghijklmnopqrstuvwxyz"
    indexed = tokens.tokens(long_word)
    assert len(indexed) == MAX_PREFIX
    assert tokens.query_token(normalise(long_word)) in indexed
    assert tokens.query_token(normalise(long_word[:20])) in indexed


def test_fingerprint_changes_with_the_name_only() -> None:
    tokens = NameTokens(KEY.search)
    assert tokens.fingerprint("Anna  Svensson") == tokens.fingerprint("anna svensson")
    assert tokens.fingerprint("Anna Svensson") != tokens.fingerprint("Anna Svenson")


@given(text=st.text(max_size=40))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert words(" ".join(words(text))) == words(text)
