package generator

import (
	"bytes"
	"sync"

	"github.com/golang/snappy"
)

// A one-shot build to a Sink holds every page's body from its markdown
// to the end, for the print edition and the search index, which read
// them all once the last page is laid out. Highlighted HTML packs about eightfold
// with snappy, at over 2 GB/s: on 10,000 long pages the bodies were
// 1 GB of a 1.8 GB peak (BENCHMARKS.md, lesson 32).

// packBody compresses the body of a page once its markdown is rendered:
// laying it out, the print edition and the search index unpack it again
// (body), each for as long as it works on the page. Whether it has a
// diagram is noted first, so that hasDiagram need not read it.
func (p *Page) packBody() {
	if p.html == nil {
		return
	}
	p.mermaid = hasMermaid(p.html)
	// Encode writes into a buffer of the worst case's size, a little over
	// the body's own: the packed bytes are copied out of it.
	buf, _ := packBuffers.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	if n := snappy.MaxEncodedLen(len(p.html)); cap(*buf) < n {
		*buf = make([]byte, n)
	}
	p.packed = bytes.Clone(snappy.Encode((*buf)[:cap(*buf)], p.html))
	packBuffers.Put(buf)
	p.html = nil
}

var packBuffers sync.Pool // of *[]byte

// body returns the page's rendered body, unpacked into a new slice when
// packBody packed it.
func (p *Page) body() []byte {
	if p.packed == nil {
		return p.html
	}
	b, err := snappy.Decode(nil, p.packed)
	if err != nil {
		panic("generator: a packed page body does not unpack: " + err.Error()) // packed by this process, never read from outside
	}
	return b
}

// bodyLen is len(p.body()), without unpacking it.
func (p *Page) bodyLen() int {
	if p.packed == nil {
		return len(p.html)
	}
	n, err := snappy.DecodedLen(p.packed)
	if err != nil {
		return 0
	}
	return n
}
