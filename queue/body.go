package queue

import (
	"context"
	"fmt"
	"time"
)

// putBody stores a body too large for a message, compressed, under name.
func (c *Conn) putBody(ctx context.Context, name string, body []byte) error {
	z := encoder.EncodeAll(body, make([]byte, 0, len(body)/3+64))
	if _, err := c.obs.PutBytes(ctx, name, z); err != nil {
		return fmt.Errorf("queue: store body %s: %w", name, err)
	}
	return nil
}

// getBody reads a body stored by putBody, trying a few times: an
// object's chunks come through a consumer of their own, which a loaded
// server can stall.
func (c *Conn) getBody(ctx context.Context, name string) ([]byte, error) {
	var err error
	for attempt := range 3 {
		if attempt > 0 {
			c.log.Warn("queue: reading a body again", "object", name, "err", err)
		}
		actx, cancel := context.WithTimeout(ctx, 20*time.Second)
		var z []byte
		z, err = c.obs.GetBytes(actx, name)
		cancel()
		if err == nil {
			body, derr := decoder.DecodeAll(z, nil)
			if derr != nil {
				return nil, fmt.Errorf("queue: decode body %s: %w", name, derr)
			}
			return body, nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, fmt.Errorf("queue: read body %s: %w", name, err)
}
