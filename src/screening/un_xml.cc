// Parses the UN consolidated sanctions list XML with libxml2, locked down for untrusted input.
#include "screening/un_xml.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

#include "match/normalize.h"

namespace jirga::screening {
namespace {

// State shared with the SAX hooks below through the parser context's _private pointer.
struct Guard {
  int depth = 0;
  bool doctype = false;
  bool too_deep = false;
};

Guard* GuardOf(void* ctx) {
  return static_cast<Guard*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

// Any DOCTYPE stops the parse before its internal subset is read: no entity is ever declared,
// so none can be expanded, and no external DTD or entity can be fetched.
void RefuseDoctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  GuardOf(ctx)->doctype = true;
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

void RefuseEntityDecl(void* ctx, const xmlChar*, int, const xmlChar*, const xmlChar*, xmlChar*) {
  GuardOf(ctx)->doctype = true;
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

// Counts nesting as elements open, so an over-deep document is refused while it is read rather
// than after it has been built in memory.
void StartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                  int nb_namespaces, const xmlChar** namespaces, int nb_attributes,
                  int nb_defaulted, const xmlChar** attributes) {
  Guard* g = GuardOf(ctx);
  if (++g->depth > kMaxXmlDepth) {
    g->too_deep = true;
    xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
    return;
  }
  xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                        nb_defaulted, attributes);
}

void EndElement(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri) {
  --GuardOf(ctx)->depth;
  xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

struct CtxtDeleter {
  void operator()(xmlParserCtxtPtr c) const { xmlFreeParserCtxt(c); }
};
struct DocDeleter {
  void operator()(xmlDocPtr d) const { xmlFreeDoc(d); }
};

std::string_view NameOf(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

bool Is(const xmlNode* n, std::string_view name) {
  return n->type == XML_ELEMENT_NODE && NameOf(n) == name;
}

// The text inside an element (all descendant text, entities never expanded because none exist).
std::string Text(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (c == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return s;
}

const xmlNode* Child(const xmlNode* n, std::string_view name) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (Is(c, name)) return c;
  }
  return nullptr;
}

std::string ChildText(const xmlNode* n, std::string_view name) {
  const xmlNode* c = Child(n, name);
  return c == nullptr ? "" : CollapseSpace(Text(c));
}

// A year from "1969", "1969-01-01" or "1965-03-29"; nullopt for anything else.
std::optional<int> YearOf(std::string_view s) {
  if (s.size() < 4) return std::nullopt;
  int y = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    y = y * 10 + (s[i] - '0');
  }
  if (s.size() > 4 && s[4] != '-') return std::nullopt;
  if (y < 1000 || y > 2100) return std::nullopt;
  return y;
}

Status AddName(ListEntry& e, std::string text, NameKind kind) {
  if (text.size() > match::kMaxNameBytes) {
    return ResourceExhausted("entry " + e.reference + ": a name is " + std::to_string(text.size()) +
                             " bytes long (limit " + std::to_string(match::kMaxNameBytes) + ")");
  }
  for (const ListName& n : e.names) {
    if (n.text == text) return Status::Ok();  // the same spelling twice says nothing more
  }
  if (e.names.size() >= kMaxNamesPerEntry) {
    return ResourceExhausted("entry " + e.reference + " has more than " +
                             std::to_string(kMaxNamesPerEntry) + " names");
  }
  e.names.push_back({std::move(text), kind});
  return Status::Ok();
}

Result<ListEntry> ParseEntry(const xmlNode* node, bool individual) {
  ListEntry e;
  e.type = individual ? "individual" : "entity";
  e.id = ChildText(node, "DATAID");
  e.reference = ChildText(node, "REFERENCE_NUMBER");
  const std::string where =
      std::string(NameOf(node)) + " on line " + std::to_string(xmlGetLineNo(node));
  if (e.id.empty()) return InvalidArgument(where + " has no DATAID");
  if (e.reference.empty()) return InvalidArgument(where + " has no REFERENCE_NUMBER");
  std::string primary;
  for (std::string_view part : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
    std::string p = ChildText(node, part);
    if (p.empty()) continue;
    if (!primary.empty()) primary += ' ';
    primary += p;
  }
  if (primary.empty()) return InvalidArgument("entry " + e.reference + " has no name");
  RETURN_IF_ERROR(AddName(e, std::move(primary), NameKind::kPrimary));
  if (std::string s = ChildText(node, "NAME_ORIGINAL_SCRIPT"); !s.empty()) {
    RETURN_IF_ERROR(AddName(e, std::move(s), NameKind::kOriginalScript));
  }
  e.listed_on = ChildText(node, "LISTED_ON");
  e.program = ChildText(node, "UN_LIST_TYPE");
  const std::string_view alias_tag = individual ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
  std::set<int> years;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (Is(c, alias_tag)) {
      const xmlNode* alias = Child(c, "ALIAS_NAME");
      if (alias == nullptr) continue;
      const std::string raw = Text(alias);
      if (raw.size() > 4 * match::kMaxNameBytes) {
        return ResourceExhausted("entry " + e.reference + ": an alias is " +
                                 std::to_string(raw.size()) + " bytes long");
      }
      const NameKind kind =
          ChildText(c, "QUALITY") == "Low" ? NameKind::kLowAlias : NameKind::kAlias;
      for (std::string& name : SplitAliasText(raw)) {
        RETURN_IF_ERROR(AddName(e, std::move(name), kind));
      }
    } else if (individual && Is(c, "INDIVIDUAL_DATE_OF_BIRTH")) {
      for (std::string_view f : {"YEAR", "DATE", "FROM_YEAR", "TO_YEAR"}) {
        if (auto y = YearOf(ChildText(c, f))) years.insert(*y);
      }
    } else if (Is(c, "NATIONALITY")) {
      for (const xmlNode* v = c->children; v != nullptr; v = v->next) {
        if (!Is(v, "VALUE")) continue;
        std::string s = CollapseSpace(Text(v));
        if (!s.empty()) e.nationalities.push_back(std::move(s));
      }
    }
  }
  e.birth_years.assign(years.begin(), years.end());
  return e;
}

}  // namespace

Result<ReferenceList> ParseUnXml(std::string_view bytes) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  if (bytes.size() > kMaxListFileBytes) {
    return ResourceExhausted("the XML is " + std::to_string(bytes.size()) + " bytes (limit " +
                             std::to_string(kMaxListFileBytes) + ")");
  }
  if (bytes.empty()) return InvalidArgument("the XML is empty");
  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(
      xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size())));
  if (ctxt == nullptr) return Internal("libxml2 could not create a parser");
  Guard guard;
  ctxt->_private = &guard;
  ctxt->sax->internalSubset = RefuseDoctype;
  ctxt->sax->externalSubset = RefuseDoctype;
  ctxt->sax->entityDecl = RefuseEntityDecl;
  ctxt->sax->startElementNs = StartElement;
  ctxt->sax->endElementNs = EndElement;
  // No XML_PARSE_NOENT (entities are never substituted), DTDLOAD, DTDATTR, HUGE or RECOVER.
  xmlCtxtUseOptions(ctxt.get(), XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  const int rc = xmlParseDocument(ctxt.get());
  std::unique_ptr<xmlDoc, DocDeleter> doc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  if (guard.doctype) {
    return InvalidArgument(
        "the XML has a DOCTYPE: DTDs and entity declarations are refused "
        "(they are how XML bombs and external-entity attacks work)");
  }
  if (guard.too_deep) {
    return ResourceExhausted("the XML nests elements deeper than " + std::to_string(kMaxXmlDepth) +
                             " levels");
  }
  if (rc != 0 || !ctxt->wellFormed || doc == nullptr) {
    const xmlError& err = ctxt->lastError;
    std::string msg = err.message ? CollapseSpace(err.message) : "not well-formed";
    return InvalidArgument("malformed XML at line " + std::to_string(err.line) + ": " + msg);
  }
  if (doc->encoding != nullptr &&
      strcasecmp(reinterpret_cast<const char*>(doc->encoding), "UTF-8") != 0) {
    return InvalidArgument(std::string("the XML declares encoding ") +
                           reinterpret_cast<const char*>(doc->encoding) + "; only UTF-8 is read");
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || NameOf(root) != "CONSOLIDATED_LIST") {
    return InvalidArgument("the XML's root element is <" + std::string(root ? NameOf(root) : "") +
                           ">, not <CONSOLIDATED_LIST> (is this the UN consolidated list?)");
  }
  ReferenceList list;
  list.format = "un-xml";
  if (xmlChar* g = xmlGetProp(root, BAD_CAST "dateGenerated")) {
    list.generated = reinterpret_cast<const char*>(g);
    xmlFree(g);
  }
  std::set<std::string, std::less<>> references;
  auto add = [&](const xmlNode* n, bool individual) -> Status {
    ASSIGN_OR_RETURN(ListEntry e, ParseEntry(n, individual));
    if (!references.insert(e.reference).second) {
      return InvalidArgument("reference " + e.reference + " is listed twice");
    }
    if (list.entries.size() >= kMaxListEntries) {
      return ResourceExhausted("more than " + std::to_string(kMaxListEntries) + " entries");
    }
    list.entries.push_back(std::move(e));
    return Status::Ok();
  };
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (Is(c, "INDIVIDUAL") || Is(c, "ENTITY")) {
      RETURN_IF_ERROR(add(c, Is(c, "INDIVIDUAL")));
    } else if (Is(c, "INDIVIDUALS") || Is(c, "ENTITIES")) {
      const std::string_view want = Is(c, "INDIVIDUALS") ? "INDIVIDUAL" : "ENTITY";
      for (const xmlNode* e = c->children; e != nullptr; e = e->next) {
        if (e->type != XML_ELEMENT_NODE) continue;
        if (!Is(e, want)) {
          return InvalidArgument("unexpected <" + std::string(NameOf(e)) + "> inside <" +
                                 std::string(NameOf(c)) + "> on line " +
                                 std::to_string(xmlGetLineNo(e)));
        }
        RETURN_IF_ERROR(add(e, want == "INDIVIDUAL"));
      }
    } else {
      return InvalidArgument("unexpected <" + std::string(NameOf(c)) +
                             "> under <CONSOLIDATED_LIST> on line " +
                             std::to_string(xmlGetLineNo(c)));
    }
  }
  if (list.entries.empty()) return InvalidArgument("the list has no INDIVIDUAL or ENTITY entries");
  return list;
}

}  // namespace jirga::screening
