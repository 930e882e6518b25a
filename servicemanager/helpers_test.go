package servicemanager_test

import (
	"errors"

	sm "github.com/ruapi/ruapi-go/servicemanager"
)

func isSMError(err error, e **sm.Error) bool { return errors.As(err, e) }
