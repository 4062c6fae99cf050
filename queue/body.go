package queue

import (
	"context"
	"fmt"
)

// putBody stores a body too large for a message, compressed, under name.
func (c *Conn) putBody(ctx context.Context, name string, body []byte) error {
	z := encoder.EncodeAll(body, make([]byte, 0, len(body)/3+64))
	if _, err := c.obs.PutBytes(ctx, name, z); err != nil {
		return fmt.Errorf("queue: store body %s: %w", name, err)
	}
	return nil
}

// getBody reads a body stored by putBody.
func (c *Conn) getBody(ctx context.Context, name string) ([]byte, error) {
	z, err := c.obs.GetBytes(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("queue: read body %s: %w", name, err)
	}
	body, err := decoder.DecodeAll(z, nil)
	if err != nil {
		return nil, fmt.Errorf("queue: decode body %s: %w", name, err)
	}
	return body, nil
}
