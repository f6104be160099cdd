package web

import (
	"container/list"
	"sync"
)

// imageCache keeps the chart images drawn last, by ETag, up to a number of
// bytes: an image asked for again (by another editor, or by the readers of
// a page that links to it) is sent without drawing it again. An ETag hashes
// everything an image is drawn from, render.EngineVersion included, so a
// cached image is never stale: new data make a new ETag. It is safe for
// concurrent use; the zero value and nil keep nothing.
type imageCache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // of *cacheEntry, most recently used first
	byTag map[string]*list.Element
}

type cacheEntry struct {
	tag  string
	body []byte
}

// newImageCache returns a cache of up to max bytes; nil when max ≤ 0.
func newImageCache(max int64) *imageCache {
	if max <= 0 {
		return nil
	}
	return &imageCache{max: max, order: list.New(), byTag: map[string]*list.Element{}}
}

// get returns the image of an ETag, if kept. The bytes are shared: callers
// do not change them.
func (c *imageCache) get(tag string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byTag[tag]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry).body, true
}

// put keeps an image, dropping the least recently used ones beyond the
// cache's size. An image larger than a quarter of the cache is not kept.
func (c *imageCache) put(tag string, body []byte) {
	if c == nil || int64(len(body)) > c.max/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byTag[tag]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byTag[tag] = c.order.PushFront(&cacheEntry{tag: tag, body: body})
	c.size += int64(len(body))
	for c.size > c.max {
		e := c.order.Back()
		ce := e.Value.(*cacheEntry)
		c.order.Remove(e)
		delete(c.byTag, ce.tag)
		c.size -= int64(len(ce.body))
	}
}
