package servicemanager

import (
	"context"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// BackupsService holds the backup methods outside tenant/* (backup/*). The
// fields come from a public script that downloads 1cfresh backups through
// ext_api; an application's own list is [TenantsService.Backups].
type BackupsService struct{ c *Client }

// FileToken is a one-time address to move a file: a backup to download
// (backup/file_token/download) or an invoice file to upload
// (bill/file_token/upload).
type FileToken struct {
	// Token is the token.
	Token string `json:"token"`
	// URL is the address: a plain GET downloads a backup (a zip); an upload
	// is an HTTP PUT.
	URL string `json:"url"`
	// ID and BillID name the invoice (bill/file_token/upload only).
	ID     string `json:"id,omitempty"`
	BillID string `json:"bill_id,omitempty"`
	// Direction is "upload" (bill/file_token/upload only).
	Direction string `json:"direction,omitempty"`
}

// List returns the subscriber's backups of all its applications
// (backup/list; fields: a public backup script).
func (s *BackupsService) List(ctx context.Context, account int64, opts ...CallOption) ([]Backup, error) {
	var out backupListResult
	if _, err := s.c.call(ctx, MethodBackupList, account, nil, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return out.Backup, nil
}

// DownloadToken issues the address a backup is downloaded from
// (backup/file_token/download; fields: a public backup script). That script
// also sends auth.type "user", whose meaning is unknown; this does not.
func (s *BackupsService) DownloadToken(ctx context.Context, account int64, id string, opts ...CallOption) (*FileToken, error) {
	if err := checkCode(MethodBackupFileTokenDownload, "backup id", id); err != nil {
		return nil, err
	}
	var out struct {
		answer
		FileToken
	}
	if _, err := s.c.call(ctx, MethodBackupFileTokenDownload, account, codeParams{id}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return &out.FileToken, nil
}
