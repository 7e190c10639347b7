// Package deepdiff names the first difference between two values as
// reflect.DeepEqual sees them. The differential tests of the fast feed
// path (in package feeds and in feeds/internal/fastfeed) use it to say
// where the fast path and gofeed part ways.
package deepdiff

import (
	"fmt"
	"reflect"
	"time"
)

// Diff returns "" when a and b are deeply equal in their exported fields
// (a time.Time is compared whole, location included), else the path
// below name of the first place where they differ, with both values.
// Callers that need unexported fields compared too follow it with
// reflect.DeepEqual.
func Diff(name string, a, b any) string {
	return diff(name, reflect.ValueOf(a), reflect.ValueOf(b))
}

var timeType = reflect.TypeFor[time.Time]()

func diff(path string, a, b reflect.Value) string {
	if a.IsValid() != b.IsValid() {
		return path + ": one side missing"
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: types %s vs %s", path, a.Type(), b.Type())
	}
	if a.Type() == timeType {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !reflect.DeepEqual(ta, tb) {
			return fmt.Sprintf("%s: %s (%v) vs %s (%v)", path, ta.Format(time.RFC3339Nano), ta.Location(), tb.Format(time.RFC3339Nano), tb.Location())
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.IsNil() {
			return ""
		}
		return diff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		return diffStruct(path, a, b)
	case reflect.Slice:
		return diffSlice(path, a, b)
	case reflect.Map:
		return diffMap(path, a, b)
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s: %#v vs %#v", path, a.Interface(), b.Interface())
	}
	return ""
}

func diffStruct(path string, a, b reflect.Value) string {
	for i := 0; i < a.NumField(); i++ {
		if !a.Type().Field(i).IsExported() {
			continue
		}
		if d := diff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
			return d
		}
	}
	return ""
}

func diffSlice(path string, a, b reflect.Value) string {
	if a.IsNil() != b.IsNil() {
		return fmt.Sprintf("%s: nil slice %v vs %v", path, a.IsNil(), b.IsNil())
	}
	if a.Len() != b.Len() {
		return fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len())
	}
	for i := 0; i < a.Len(); i++ {
		if d := diff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
			return d
		}
	}
	return ""
}

func diffMap(path string, a, b reflect.Value) string {
	if a.IsNil() != b.IsNil() {
		return fmt.Sprintf("%s: nil map %v vs %v", path, a.IsNil(), b.IsNil())
	}
	if a.Len() != b.Len() {
		return fmt.Sprintf("%s: %d keys %v vs %d keys %v", path, a.Len(), a.MapKeys(), b.Len(), b.MapKeys())
	}
	for _, k := range a.MapKeys() {
		if d := diff(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k)); d != "" {
			return d
		}
	}
	return ""
}
