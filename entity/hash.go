package entity

// Words and phrases are looked up by a 64-bit FNV-1a fingerprint of their
// bytes rather than by string: the key then sits inside the table slot
// (tables.go: hashTable), and a lookup costs one cache miss instead of two
// or three. With under a million keys the chance that an unknown word
// shares a fingerprint with a stored one is below 1e-13 per lookup; the
// generator of the lexicon counts collisions between stored keys (the
// tests require none).

const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// fnvLower hashes s with ASCII letters lower-cased; ok is false if s has
// non-ASCII bytes (the caller then lower-cases with package strings).
func fnvLower(h uint64, s string) (uint64, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return 0, false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h, true
}

func hashOf(s string) uint64 { return fnvString(fnvOffset, s) }
