package cos

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
)

// Encrypted files: an agency's PDF often carries "security" — an owner
// password that only restricts printing, copying or editing, while anyone
// may open it (the user password is empty, and readers open the file
// without asking). Such a file is decrypted as it is read (ISO 32000-2
// §7.6: the standard security handler, RC4 40 to 128 bits, AES-128 and
// AES-256, revisions 2 to 6) and is then an ordinary unencrypted document;
// a file that needs a password to open stays an error.

// errNeedsPassword says that the file opens only with a password.
var errNeedsPassword = errors.New("the PDF is encrypted with a password needed to open it")

// padding is the password padding of ISO 32000 §7.6.4.3.
var padding = []byte("\x28\xbf\x4e\x5e\x4e\x75\x8a\x41\x64\x00\x4e\x56\xff\xfa\x01\x08\x2e\x2e\x00\xb6\xd0\x68\x3e\x80\x2f\x0c\xa9\xfe\x64\x53\x69\x7a")

// security is how the objects of an encrypted file are decrypted.
type security struct {
	key      []byte
	stm, str string // the methods for streams and strings: "RC4", "AESV2", "AESV3", "Identity"
	metadata bool   // the XMP metadata stream is encrypted
}

// decrypt opens the file with the empty user password and decrypts every
// string and stream in place (before object streams are unpacked: the
// objects in them are not encrypted one by one); the Encrypt entry goes.
func (f *Doc) decrypt() error {
	encRef, _ := f.Trailer.Get("Encrypt").(Ref)
	enc := f.Dict(f.Trailer.Get("Encrypt"))
	if enc == nil {
		return errors.New("the PDF is encrypted (its Encrypt dictionary is damaged)")
	}
	if enc.Get("Filter") != Name("Standard") {
		return fmt.Errorf("the PDF is encrypted with the %v security handler (certificates or a plug-in)", enc.Get("Filter"))
	}
	sec, err := f.securityOf(enc)
	if err != nil {
		return err
	}
	for _, e := range f.objs {
		if e == nil || e.num == encRef.Num && encRef.Num > 0 {
			continue
		}
		switch v := e.val.(type) {
		case *Stream:
			if v.Dict.Get("Type") == Name("XRef") {
				continue // cross-reference streams are not encrypted
			}
			d := sec.decryptValue(v.Dict, e.num, e.gen).(*Dict)
			data := v.Data
			if !(v.Dict.Get("Type") == Name("Metadata") && !sec.metadata) && !identityFilter(v.Dict) {
				if data, err = sec.decryptBytes(sec.stm, v.Data, e.num, e.gen); err != nil {
					return fmt.Errorf("object %d: %w", e.num, err)
				}
			}
			e.val = NewStream(d, data)
		default:
			e.val = sec.decryptValue(v, e.num, e.gen)
		}
		e.changed = true
	}
	if encRef.Num > 0 && encRef.Num < len(f.objs) {
		f.objs[encRef.Num] = nil
	}
	f.Trailer.Delete("Encrypt")
	return nil
}

// identityFilter says whether a stream names the Identity crypt filter.
func identityFilter(d *Dict) bool {
	switch fl := d.Get("Filter").(type) {
	case Name:
		return fl == "Crypt" && d.Get("DecodeParms") == nil
	case Array:
		return len(fl) > 0 && fl[0] == Name("Crypt")
	}
	return false
}

// securityOf computes the file key from the Encrypt dictionary with the
// empty user password.
func (f *Doc) securityOf(enc *Dict) (*security, error) {
	num := func(k Name, def int) int {
		if v, ok := Float(f.Get(enc.Get(k))); ok {
			return int(v)
		}
		return def
	}
	str := func(k Name) []byte {
		s, _ := f.Get(enc.Get(k)).(String)
		return s
	}
	v, r := num("V", 0), num("R", 0)
	o, u := str("O"), str("U")
	sec := &security{stm: "RC4", str: "RC4", metadata: enc.Get("EncryptMetadata") != false}
	if v == 4 || v == 5 {
		method := func(k Name) string {
			name, _ := f.Get(enc.Get(k)).(Name)
			if name == "" || name == "Identity" {
				return "Identity"
			}
			cf := f.Dict(f.Dict(f.Get(enc.Get("CF"))).Get(name))
			m, _ := f.Get(cf.Get("CFM")).(Name)
			switch m {
			case "V2":
				return "RC4"
			case "AESV2", "AESV3":
				return string(m)
			}
			return "unknown " + string(m)
		}
		sec.stm, sec.str = method("StmF"), method("StrF")
		for _, m := range []string{sec.stm, sec.str} {
			if len(m) > 8 && m[:8] == "unknown " {
				return nil, fmt.Errorf("the PDF is encrypted with the crypt method %q, which paiban does not read", m[8:])
			}
		}
	}
	switch {
	case r >= 2 && r <= 4 && len(o) >= 32 && len(u) >= 32:
		n := 5
		if r >= 3 {
			n = num("Length", 40) / 8
		}
		if n < 5 || n > 16 {
			return nil, errors.New("the PDF is encrypted with a key length paiban does not read")
		}
		id := []byte{}
		if ids, ok := f.Get(f.Trailer.Get("ID")).(Array); ok && len(ids) > 0 {
			id, _ = f.Get(ids[0]).(String)
		}
		h := md5.New()
		h.Write(padding)
		h.Write(o[:32])
		h.Write(binary.LittleEndian.AppendUint32(nil, uint32(int32(num("P", 0)))))
		h.Write(id)
		if r >= 4 && !sec.metadata {
			h.Write([]byte{0xff, 0xff, 0xff, 0xff})
		}
		key := h.Sum(nil)
		if r >= 3 {
			for range 50 {
				s := md5.Sum(key[:n])
				key = s[:]
			}
		}
		key = key[:n]
		// the empty password is the user password when U checks out
		var check []byte
		if r == 2 {
			check = rc4xor(key, padding)
			if !bytes.Equal(check, u[:32]) {
				return nil, errNeedsPassword
			}
		} else {
			s := md5.Sum(append(append([]byte(nil), padding...), id...))
			check = rc4xor(key, s[:])
			for i := 1; i <= 19; i++ {
				k := make([]byte, len(key))
				for j := range key {
					k[j] = key[j] ^ byte(i)
				}
				check = rc4xor(k, check)
			}
			if !bytes.Equal(check, u[:16]) {
				return nil, errNeedsPassword
			}
		}
		sec.key = key
	case (r == 5 || r == 6) && len(u) >= 48:
		hash := func(salt []byte) []byte {
			if r == 5 {
				s := sha256.Sum256(salt)
				return s[:]
			}
			return hash2B(nil, salt)
		}
		if !bytes.Equal(hash(u[32:40]), u[:32]) {
			return nil, errNeedsPassword
		}
		ue := str("UE")
		if len(ue) != 32 {
			return nil, errors.New("the PDF is encrypted (its /UE is damaged)")
		}
		block, err := aes.NewCipher(hash(u[40:48]))
		if err != nil {
			return nil, err
		}
		key := make([]byte, 32)
		cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(key, ue)
		sec.key = key
		if v != 5 {
			sec.stm, sec.str = "AESV3", "AESV3"
		}
	default:
		return nil, fmt.Errorf("the PDF is encrypted with security revision %d, which paiban does not read", r)
	}
	return sec, nil
}

// hash2B is the hash of ISO 32000-2 algorithm 2.B (revision 6) of the
// password pw with salt (and the U string for an owner password: udata).
func hash2B(pw, salt []byte) []byte {
	s := sha256.Sum256(append(append([]byte(nil), pw...), salt...))
	k := s[:]
	for i := 0; ; i++ {
		k1 := bytes.Repeat(append(append([]byte(nil), pw...), k...), 64)
		block, _ := aes.NewCipher(k[:16])
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		switch sum % 3 {
		case 0:
			h := sha256.Sum256(e)
			k = h[:]
		case 1:
			h := sha512.Sum384(e)
			k = h[:]
		default:
			h := sha512.Sum512(e)
			k = h[:]
		}
		// at least 64 rounds, until the last byte of E is at most the
		// number of rounds done less 32
		if n := i + 1; n >= 64 && int(e[len(e)-1]) <= n-32 {
			return k[:32]
		}
	}
}

func rc4xor(key, data []byte) []byte {
	c, _ := rc4.NewCipher(key)
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}

// decryptBytes decrypts data of object num gen with method m.
func (s *security) decryptBytes(m string, data []byte, num, gen int) ([]byte, error) {
	key := s.key
	if m == "Identity" {
		return data, nil
	}
	if m != "AESV3" {
		b := append(append([]byte(nil), s.key...), byte(num), byte(num>>8), byte(num>>16), byte(gen), byte(gen>>8))
		if m == "AESV2" {
			b = append(b, "sAlT"...)
		}
		h := md5.Sum(b)
		key = h[:min(len(s.key)+5, 16)]
	}
	if m == "RC4" {
		return rc4xor(key, data), nil
	}
	if len(data) == 0 {
		return data, nil
	}
	if len(data) < 32 || len(data)%16 != 0 {
		return nil, errors.New("damaged AES-encrypted data")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data)-16)
	cipher.NewCBCDecrypter(block, data[:16]).CryptBlocks(out, data[16:])
	if p := int(out[len(out)-1]); p >= 1 && p <= 16 && p <= len(out) {
		out = out[:len(out)-p]
	}
	return out, nil
}

// decryptValue returns v with its strings decrypted (a copy of the arrays
// and dictionaries that hold them).
func (s *security) decryptValue(v Object, num, gen int) Object {
	switch x := v.(type) {
	case String:
		b, err := s.decryptBytes(s.str, x, num, gen)
		if err != nil {
			return x
		}
		return String(b)
	case Array:
		out := make(Array, len(x))
		for i, e := range x {
			out[i] = s.decryptValue(e, num, gen)
		}
		return out
	case *Dict:
		out := &Dict{}
		for _, k := range x.Keys() {
			out.Set(k, s.decryptValue(x.Get(k), num, gen))
		}
		return out
	}
	return v
}
