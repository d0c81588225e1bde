package generator

// addPicker adds the page where a reader picks two roles or levels to compare.
func (cmp *comparison) addPicker(roles *Section, add func(*Page, string)) {}

// pickerFiles are the picker's data scripts.
func (cmp *comparison) pickerFiles() map[string][]byte { return nil }
