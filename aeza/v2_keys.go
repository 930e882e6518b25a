package aeza

import (
	"context"
	"fmt"
	"iter"
	"net/http"
)

// SSHKey is a public key kept on the account, to put on servers.
type SSHKey struct {
	ID        int64  `json:"id"`
	OwnerID   int64  `json:"ownerId"`
	Name      string `json:"name"`
	PublicKey string `json:"publicKey"`
	// AutoAssign puts the key on new servers.
	AutoAssign bool      `json:"autoAssign"`
	CreatedAt  Timestamp `json:"createdAt"`
}

// NewSSHKey is the body of [SSHKeysService.Create].
type NewSSHKey struct {
	Name       string `json:"name"`
	PublicKey  string `json:"publicKey"`
	AutoAssign bool   `json:"autoAssign"`
}

// SSHKeyUpdate changes a key; nil fields are left as they are.
type SSHKeyUpdate struct {
	Name       *string `json:"name,omitempty"`
	PublicKey  *string `json:"publicKey,omitempty"`
	AutoAssign *bool   `json:"autoAssign,omitempty"`
}

// SSHKeysService manages the account's SSH keys.
type SSHKeysService struct{ c *Client }

const sshKeysPath = "services/ssh-keys"

// List returns one page of keys (GET v2/services/ssh-keys). A read, retried.
func (s *SSHKeysService) List(ctx context.Context, page *PageOptions, opts ...CallOption) (*List[SSHKey], error) {
	if err := page.validate(); err != nil {
		return nil, err
	}
	return v2List[SSHKey](ctx, s.c, v2Read(sshKeysPath, "sshKeys.list", page, opts))
}

// All iterates over every key.
func (s *SSHKeysService) All(ctx context.Context, page *PageOptions, opts ...CallOption) iter.Seq2[SSHKey, error] {
	return v2All[SSHKey](ctx, s.c, sshKeysPath, "sshKeys.list", page, opts)
}

func sshKeyPath(id int64) (string, error) {
	s, err := pathID("SSH key id", id)
	if err != nil {
		return "", err
	}
	return sshKeysPath + "/" + s, nil
}

// Get returns one key (GET v2/services/ssh-keys/{id}). A read, retried.
func (s *SSHKeysService) Get(ctx context.Context, id int64, opts ...CallOption) (*SSHKey, error) {
	p, err := sshKeyPath(id)
	if err != nil {
		return nil, err
	}
	return v2Get[SSHKey](ctx, s.c, v2Read(p, "sshKeys.get", nil, opts))
}

// Create adds a key (POST v2/services/ssh-keys). Sent exactly once. An
// empty answer returns the key as asked, with no ID: list the keys to find
// it rather than add it again.
func (s *SSHKeysService) Create(ctx context.Context, k NewSSHKey, opts ...CallOption) (*SSHKey, error) {
	if k.Name == "" || k.PublicKey == "" {
		return nil, fmt.Errorf("aeza: an SSH key needs a name and a public key: %w", ErrInvalidArgument)
	}
	return v2Made(ctx, s.c, v2Change(http.MethodPost, sshKeysPath, "sshKeys.create", k, opts),
		&SSHKey{Name: k.Name, PublicKey: k.PublicKey, AutoAssign: k.AutoAssign})
}

// Update changes a key (PATCH v2/services/ssh-keys/{id}). Sent exactly
// once. An empty answer returns the fields the update set.
func (s *SSHKeysService) Update(ctx context.Context, id int64, u SSHKeyUpdate, opts ...CallOption) (*SSHKey, error) {
	p, err := sshKeyPath(id)
	if err != nil {
		return nil, err
	}
	if u.Name == nil && u.PublicKey == nil && u.AutoAssign == nil {
		return nil, fmt.Errorf("aeza: empty SSH key update: %w", ErrInvalidArgument)
	}
	k := &SSHKey{ID: id}
	if u.Name != nil {
		k.Name = *u.Name
	}
	if u.PublicKey != nil {
		k.PublicKey = *u.PublicKey
	}
	if u.AutoAssign != nil {
		k.AutoAssign = *u.AutoAssign
	}
	return v2Made(ctx, s.c, v2Change(http.MethodPatch, p, "sshKeys.update", u, opts), k)
}

// Delete removes a key from the account (DELETE v2/services/ssh-keys/{id}).
// Sent exactly once.
func (s *SSHKeysService) Delete(ctx context.Context, id int64, opts ...CallOption) error {
	p, err := sshKeyPath(id)
	if err != nil {
		return err
	}
	return s.c.v2Do(ctx, v2Change(http.MethodDelete, p, "sshKeys.delete", nil, opts), nil, false)
}
