// Debian builds libxml2 with ICU; its UErrorCode clashes with the ICU copy inside Swift 6.3's
// Foundation ("'UErrorCode' has different definitions in different modules"). We never use
// libxml2's ICU converter fields, so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/valid.h>
#include <libxml/catalog.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
