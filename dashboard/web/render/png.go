package render

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/png"
	"sync"
)

// encodePNG encodes w×h pixels of RGBA with premultiplied alpha, as resvg
// (tiny-skia) leaves them, as a PNG.
//
// A chart has an opaque background, so the common case is written by a
// small encoder tuned for charts: 8-bit RGB, the Up filter on every row
// (a chart is mostly flat colour, which Up turns into runs of zeros) and
// DEFLATE at its fastest level, with the bands of rows compressed in
// parallel. It is 2–3 times faster than image/png, whose per-row filter
// search costs more than it saves here, for files about 10% larger. An
// image with any transparency goes to image/png.
func encodePNG(pix []byte, w, h int) ([]byte, error) {
	if len(pix) != 4*w*h || w <= 0 || h <= 0 {
		return nil, errBadPixels
	}
	if !opaque(pix) {
		var buf bytes.Buffer
		img := &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}

	// The filtered rows, compressed in bands. Each band but the last ends
	// with a sync flush, so the bands concatenate into one DEFLATE stream.
	bands := min(pngBands, max(1, h/64))
	per := (h + bands - 1) / bands
	out := make([][]byte, bands)
	sums := make([]uint32, bands)
	lens := make([]int, bands)
	errs := make([]error, bands)
	var wg sync.WaitGroup
	for b := range bands {
		y0, y1 := b*per, min(h, (b+1)*per)
		wg.Go(func() {
			out[b], sums[b], lens[b], errs[b] = deflateRows(pix, w, y0, y1, b == bands-1)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	var idat bytes.Buffer
	idat.Write([]byte{0x78, 0x01}) // zlib header: deflate, 32K window, fastest
	sum := uint32(1)
	for b := range bands {
		idat.Write(out[b])
		sum = adler32Combine(sum, sums[b], lens[b])
	}
	var trailer [4]byte
	binary.BigEndian.PutUint32(trailer[:], sum)
	idat.Write(trailer[:])

	var f bytes.Buffer
	f.Grow(idat.Len() + 64)
	f.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per channel, RGB
	writeChunk(&f, "IHDR", ihdr[:])
	writeChunk(&f, "IDAT", idat.Bytes())
	writeChunk(&f, "IEND", nil)
	return f.Bytes(), nil
}

// pngBands is how many bands of rows are compressed at once: two cores'
// worth, which is what the machines tonedesk runs on have.
const pngBands = 2

// opaque reports whether every pixel's alpha is 255.
func opaque(pix []byte) bool {
	for i := 3; i < len(pix); i += 4 {
		if pix[i] != 0xff {
			return false
		}
	}
	return true
}

// deflateRows filters rows y0 to y1 (Up filter, RGB) and compresses them.
// It returns the DEFLATE data, the Adler-32 of the filtered bytes and their
// count.
func deflateRows(pix []byte, w, y0, y1 int, last bool) ([]byte, uint32, int, error) {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return nil, 0, 0, err
	}
	stride := 4 * w
	line := make([]byte, 1+3*w)
	line[0] = 2 // Up
	sum := adler32.New()
	n := 0
	for y := y0; y < y1; y++ {
		row := pix[y*stride : (y+1)*stride]
		if y == 0 {
			for x, i := 0, 0; x < w; x, i = x+1, i+4 {
				line[1+3*x], line[2+3*x], line[3+3*x] = row[i], row[i+1], row[i+2]
			}
		} else {
			prev := pix[(y-1)*stride : y*stride]
			for x, i := 0, 0; x < w; x, i = x+1, i+4 {
				line[1+3*x] = row[i] - prev[i]
				line[2+3*x] = row[i+1] - prev[i+1]
				line[3+3*x] = row[i+2] - prev[i+2]
			}
		}
		if _, err := fw.Write(line); err != nil {
			return nil, 0, 0, err
		}
		sum.Write(line)
		n += len(line)
	}
	if last {
		err = fw.Close()
	} else {
		err = fw.Flush()
	}
	if err != nil {
		return nil, 0, 0, err
	}
	return buf.Bytes(), sum.Sum32(), n, nil
}

// adler32Combine returns the Adler-32 of A followed by B, from the sums of
// A and B and the length of B (as zlib's adler32_combine).
func adler32Combine(a, b uint32, lenB int) uint32 {
	const mod = 65521
	rem := uint64(lenB % mod)
	a1, a2 := uint64(a&0xffff), uint64(a>>16)
	b1, b2 := uint64(b&0xffff), uint64(b>>16)
	s1 := (a1 + b1 + mod - 1) % mod
	s2 := (rem*a1 + a2 + b2 + mod - rem) % mod
	return uint32(s2<<16 | s1)
}

func writeChunk(w *bytes.Buffer, typ string, data []byte) {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
	copy(hdr[4:], typ)
	w.Write(hdr[:])
	w.Write(data)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data)
	binary.BigEndian.PutUint32(hdr[:4], crc.Sum32())
	w.Write(hdr[:4])
}
