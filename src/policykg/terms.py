"""policykg's own terms as a closed namespace: generated from ontology/policykg.ttl by
scripts/generate_terms.py (do not edit; tests check it is current). `PKG.Report` is an rdflib URIRef and
an undeclared name fails; `TERMS` is what `graph.quads.pkg(name)` accepts."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class PKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/policykg/ontology#")
    _fail = True

    AdministrativeUnit: URIRef  # Class: Administrative unit
    CatalogFact: URIRef  # Class: Catalog fact
    Citation: URIRef  # Class: Citation
    CitationRole: URIRef  # Class: Citation role
    Commune: URIRef  # Class: Commune
    Conflict: URIRef  # Class: Conflict
    DateBound: URIRef  # Class: date bound
    District: URIRef  # Class: District
    DocumentType: URIRef  # Class: Document type
    EvidenceItem: URIRef  # Class: Cell evidence
    GapObservation: URIRef  # Class: Scoreboard cell
    GovernmentLevel: URIRef  # Class: Government level
    ImplementationRecord: URIRef  # Class: Implementation record
    Indicator: URIRef  # Class: Indicator
    IndicatorObservation: URIRef  # Class: Indicator observation
    IndicatorStructure: URIRef  # DataStructureDefinition: Indicator data structure
    IssuingBody: URIRef  # Class: Issuing body
    LifecycleEvent: URIRef  # Class: Lifecycle event
    LifecycleStatement: URIRef  # Class: Lifecycle statement
    LifecycleStatus: URIRef  # Class: Lifecycle status
    Mandate: URIRef  # Class: Mandate
    Obligation: URIRef  # Class: Obligation
    ObligationAction: URIRef  # Class: Obligation action
    OverdueFinding: URIRef  # Class: Overdue finding
    Project: URIRef  # Class: Project
    Province: URIRef  # Class: Province
    RelationStatement: URIRef  # Class: Relation statement
    Report: URIRef  # Class: Report
    ScoreboardStructure: URIRef  # DataStructureDefinition: Scoreboard structure
    ScoreboardTotalsStructure: URIRef  # DataStructureDefinition: All-years scoreboard structure
    SectionKind: URIRef  # Class: Section kind
    Source: URIRef  # Class: Source
    Statement: URIRef  # Class: Statement
    StatementCount: URIRef  # Class: Statement count
    SupersededCitation: URIRef  # Class: Citation of a replaced document
    Target: URIRef  # Class: Target
    TargetComparison: URIRef  # Class: Target comparison
    TargetStanding: URIRef  # Class: Target standing of a province
    Topic: URIRef  # Class: Topic
    TrendPoint: URIRef  # Class: Deficit of a province in a year
    VerificationLevel: URIRef  # Class: Verification level
    aboutCitation: URIRef  # ObjectProperty: about citation
    action: URIRef  # ObjectProperty: action
    actsOn: URIRef  # ObjectProperty: acts on
    addressee: URIRef  # DatatypeProperty: addressee
    areaComponent: URIRef  # ComponentSpecification: area component
    bindsLevel: URIRef  # ObjectProperty: binds level
    borneBy: URIRef  # ObjectProperty: borne by
    boundDate: URIRef  # DatatypeProperty: bound date
    boundKind: URIRef  # DatatypeProperty: bound kind
    boundRule: URIRef  # DatatypeProperty: bound rule
    builtFrom: URIRef  # DatatypeProperty: built from
    byName: URIRef  # DatatypeProperty: resolved by name
    catalogValue: URIRef  # DatatypeProperty: catalog value
    causedBy: URIRef  # ObjectProperty: caused by
    cellCount: URIRef  # DatatypeProperty: cells in scope
    changedDocument: URIRef  # ObjectProperty: changed act
    changingDocument: URIRef  # ObjectProperty: changing act
    checkedAgainst: URIRef  # DatatypeProperty: checked against
    citedDocument: URIRef  # FunctionalProperty: cited document
    citingReport: URIRef  # ObjectProperty: citing report
    cleanupCandidate: URIRef  # ObjectProperty: cleanup candidate
    comparator: URIRef  # DatatypeProperty: comparator
    comparedObservation: URIRef  # ObjectProperty: compared observation
    comparisonVerdict: URIRef  # DatatypeProperty: comparison verdict
    conflictField: URIRef  # DatatypeProperty: conflicting field
    conformsTo: URIRef  # ObjectProperty: conforms to
    contentHash: URIRef  # DatatypeProperty: content hash
    context: URIRef  # DatatypeProperty: context
    cost: URIRef  # DatatypeProperty: cost (VND)
    dateBound: URIRef  # ObjectProperty: date bound
    dateEarliest: URIRef  # DatatypeProperty: earliest date
    dateLatest: URIRef  # DatatypeProperty: latest date
    deadline: URIRef  # DatatypeProperty: deadline
    denominator: URIRef  # DatatypeProperty: denominator
    distributedTo: URIRef  # DatatypeProperty: distributed to
    end: URIRef  # DatatypeProperty: end offset
    endedAfter: URIRef  # DatatypeProperty: still existed on
    endedBy: URIRef  # DatatypeProperty: gone by
    eventStatus: URIRef  # ObjectProperty: status from then
    evidenceCount: URIRef  # DatatypeProperty: cell evidence count
    evidenceKind: URIRef  # DatatypeProperty: evidence kind
    evidencePosition: URIRef  # DatatypeProperty: evidence position
    evidenceRank: URIRef  # DatatypeProperty: evidence rank
    evidenceSection: URIRef  # ObjectProperty: evidence section
    evidenceStatus: URIRef  # DatatypeProperty: evidence status
    evidenceTopic: URIRef  # ObjectProperty: evidence topic
    extractorVersion: URIRef  # DatatypeProperty: extractor version
    firstPlanDate: URIRef  # DatatypeProperty: first implementing document's date
    firstPlanNumber: URIRef  # DatatypeProperty: first implementing document's number
    firstReportAfter: URIRef  # DatatypeProperty: first report after
    fundingSource: URIRef  # DatatypeProperty: funding source
    gapCount: URIRef  # DatatypeProperty: gap cells
    governmentLevel: URIRef  # ObjectProperty: government level
    group: URIRef  # DatatypeProperty: group
    heading: URIRef  # DatatypeProperty: heading
    identityComplete: URIRef  # DatatypeProperty: identity complete
    imposedBy: URIRef  # ObjectProperty: imposed by
    inProvince: URIRef  # ObjectProperty: in province
    indicator: URIRef  # ObjectProperty: indicator
    indicatorComponent: URIRef  # ComponentSpecification: indicator component
    jurisdiction: URIRef  # ObjectProperty: jurisdiction
    lagDays: URIRef  # DatatypeProperty: lag in days
    latestReportDate: URIRef  # DatatypeProperty: latest report date
    latestReportDateComponent: URIRef  # ComponentSpecification: latest report date component
    latestYear: URIRef  # DatatypeProperty: latest year
    latestYearComponent: URIRef  # ComponentSpecification: latest year component
    lifecycleEvent: URIRef  # ObjectProperty: lifecycle event
    lifecycleStatus: URIRef  # ObjectProperty: lifecycle status
    location: URIRef  # DatatypeProperty: location
    mandateComponent: URIRef  # ComponentSpecification: mandate component
    mandateInForce: URIRef  # DatatypeProperty: mandate in force from
    mandateInForceComponent: URIRef  # ComponentSpecification: entry-into-force component
    missedDeadline: URIRef  # DatatypeProperty: missed deadline
    modality: URIRef  # DatatypeProperty: modality
    modalityComponent: URIRef  # ComponentSpecification: modality component
    numberForm: URIRef  # DatatypeProperty: number form
    numerator: URIRef  # DatatypeProperty: numerator
    objectDocument: URIRef  # ObjectProperty: implemented document
    operator: URIRef  # DatatypeProperty: operator
    overdueReason: URIRef  # DatatypeProperty: overdue reason
    periodComponent: URIRef  # ComponentSpecification: period component
    periodText: URIRef  # DatatypeProperty: period as written
    planCount: URIRef  # DatatypeProperty: implementing documents
    projectStatus: URIRef  # DatatypeProperty: status
    provinceComponent: URIRef  # ComponentSpecification: province component
    provision: URIRef  # DatatypeProperty: provision
    quote: URIRef  # DatatypeProperty: quote
    rankComponent: URIRef  # ComponentSpecification: rank component
    readOn: URIRef  # DatatypeProperty: read on
    recipient: URIRef  # DatatypeProperty: recipient
    refArea: URIRef  # ObjectProperty: reference area
    refMandate: URIRef  # ObjectProperty: mandate
    refObligation: URIRef  # ObjectProperty: obligation
    refPeriod: URIRef  # ObjectProperty: reference period
    refProvince: URIRef  # ObjectProperty: province of the reference area
    refSection: URIRef  # ObjectProperty: section
    refYear: URIRef  # DatatypeProperty: year
    referenceDate: URIRef  # DatatypeProperty: reference date
    replacementDocument: URIRef  # ObjectProperty: replacement
    replaces: URIRef  # ObjectProperty: replaces
    reportCount: URIRef  # DatatypeProperty: report count
    reportCountComponent: URIRef  # ComponentSpecification: report-count component
    reportingUnit: URIRef  # ObjectProperty: reporting unit
    reportsIssued: URIRef  # ObjectProperty: reports issued
    reportsResults: URIRef  # DatatypeProperty: reports results
    respondsTo: URIRef  # ObjectProperty: responds to
    role: URIRef  # FunctionalProperty: role
    scopeCertainty: URIRef  # DatatypeProperty: scope certainty
    scopeComponent: URIRef  # ComponentSpecification: scope component
    section: URIRef  # ObjectProperty: section
    signer: URIRef  # DatatypeProperty: signer
    signingTitle: URIRef  # DatatypeProperty: signing title
    sourceFile: URIRef  # DatatypeProperty: source file
    stale: URIRef  # DatatypeProperty: stale
    start: URIRef  # DatatypeProperty: start offset
    statedAtComponent: URIRef  # ComponentSpecification: stated-at component
    statedChange: URIRef  # ObjectProperty: stated change
    statedDate: URIRef  # DatatypeProperty: stated date
    statedIn: URIRef  # ObjectProperty: stated in
    statedInComponent: URIRef  # ComponentSpecification: stated-in component
    statedIssuer: URIRef  # DatatypeProperty: stated issuer
    statedValue: URIRef  # DatatypeProperty: stated value
    statementCount: URIRef  # DatatypeProperty: statement count
    statusComponent: URIRef  # ComponentSpecification: status component
    statusDate: URIRef  # DatatypeProperty: status as of
    statusText: URIRef  # DatatypeProperty: status as written
    subjectDocument: URIRef  # ObjectProperty: implementing document
    successor: URIRef  # ObjectProperty: successor
    supersededDocument: URIRef  # ObjectProperty: replaced document
    supersessionStatus: URIRef  # DatatypeProperty: supersession status
    target: URIRef  # ObjectProperty: target
    targetValue: URIRef  # DatatypeProperty: target value
    text: URIRef  # DatatypeProperty: text
    throughDocument: URIRef  # ObjectProperty: through document
    topic: URIRef  # ObjectProperty: topic
    unit: URIRef  # DatatypeProperty: unit
    unitComponent: URIRef  # ComponentSpecification: unit component
    unitCount: URIRef  # DatatypeProperty: unit count
    unitKind: URIRef  # DatatypeProperty: unit kind
    unitMatchBasis: URIRef  # DatatypeProperty: unit match basis
    unitMatchConfidence: URIRef  # DatatypeProperty: unit match confidence
    unitMatchQuote: URIRef  # DatatypeProperty: unit match quote
    unitsCompared: URIRef  # DatatypeProperty: units compared
    unitsMet: URIRef  # DatatypeProperty: units meeting the target
    unitsNotMet: URIRef  # DatatypeProperty: units missing the target
    validFrom: URIRef  # DatatypeProperty: valid from
    validUntil: URIRef  # DatatypeProperty: valid until
    value: URIRef  # DatatypeProperty: value
    valueComponent: URIRef  # ComponentSpecification: value component
    valueCount: URIRef  # DatatypeProperty: number of values
    valueSum: URIRef  # DatatypeProperty: sum of the values
    verification: URIRef  # ObjectProperty: verification
    withinUnit: URIRef  # ObjectProperty: within
    yearComponent: URIRef  # ComponentSpecification: year component


TERMS = frozenset({
    "AdministrativeUnit",
    "CatalogFact",
    "Citation",
    "CitationRole",
    "Commune",
    "Conflict",
    "DateBound",
    "District",
    "DocumentType",
    "EvidenceItem",
    "GapObservation",
    "GovernmentLevel",
    "ImplementationRecord",
    "Indicator",
    "IndicatorObservation",
    "IndicatorStructure",
    "IssuingBody",
    "LifecycleEvent",
    "LifecycleStatement",
    "LifecycleStatus",
    "Mandate",
    "Obligation",
    "ObligationAction",
    "OverdueFinding",
    "Project",
    "Province",
    "RelationStatement",
    "Report",
    "ScoreboardStructure",
    "ScoreboardTotalsStructure",
    "SectionKind",
    "Source",
    "Statement",
    "StatementCount",
    "SupersededCitation",
    "Target",
    "TargetComparison",
    "TargetStanding",
    "Topic",
    "TrendPoint",
    "VerificationLevel",
    "aboutCitation",
    "action",
    "actsOn",
    "addressee",
    "areaComponent",
    "bindsLevel",
    "borneBy",
    "boundDate",
    "boundKind",
    "boundRule",
    "builtFrom",
    "byName",
    "catalogValue",
    "causedBy",
    "cellCount",
    "changedDocument",
    "changingDocument",
    "checkedAgainst",
    "citedDocument",
    "citingReport",
    "cleanupCandidate",
    "comparator",
    "comparedObservation",
    "comparisonVerdict",
    "conflictField",
    "conformsTo",
    "contentHash",
    "context",
    "cost",
    "dateBound",
    "dateEarliest",
    "dateLatest",
    "deadline",
    "denominator",
    "distributedTo",
    "end",
    "endedAfter",
    "endedBy",
    "eventStatus",
    "evidenceCount",
    "evidenceKind",
    "evidencePosition",
    "evidenceRank",
    "evidenceSection",
    "evidenceStatus",
    "evidenceTopic",
    "extractorVersion",
    "firstPlanDate",
    "firstPlanNumber",
    "firstReportAfter",
    "fundingSource",
    "gapCount",
    "governmentLevel",
    "group",
    "heading",
    "identityComplete",
    "imposedBy",
    "inProvince",
    "indicator",
    "indicatorComponent",
    "jurisdiction",
    "lagDays",
    "latestReportDate",
    "latestReportDateComponent",
    "latestYear",
    "latestYearComponent",
    "lifecycleEvent",
    "lifecycleStatus",
    "location",
    "mandateComponent",
    "mandateInForce",
    "mandateInForceComponent",
    "missedDeadline",
    "modality",
    "modalityComponent",
    "numberForm",
    "numerator",
    "objectDocument",
    "operator",
    "overdueReason",
    "periodComponent",
    "periodText",
    "planCount",
    "projectStatus",
    "provinceComponent",
    "provision",
    "quote",
    "rankComponent",
    "readOn",
    "recipient",
    "refArea",
    "refMandate",
    "refObligation",
    "refPeriod",
    "refProvince",
    "refSection",
    "refYear",
    "referenceDate",
    "replacementDocument",
    "replaces",
    "reportCount",
    "reportCountComponent",
    "reportingUnit",
    "reportsIssued",
    "reportsResults",
    "respondsTo",
    "role",
    "scopeCertainty",
    "scopeComponent",
    "section",
    "signer",
    "signingTitle",
    "sourceFile",
    "stale",
    "start",
    "statedAtComponent",
    "statedChange",
    "statedDate",
    "statedIn",
    "statedInComponent",
    "statedIssuer",
    "statedValue",
    "statementCount",
    "statusComponent",
    "statusDate",
    "statusText",
    "subjectDocument",
    "successor",
    "supersededDocument",
    "supersessionStatus",
    "target",
    "targetValue",
    "text",
    "throughDocument",
    "topic",
    "unit",
    "unitComponent",
    "unitCount",
    "unitKind",
    "unitMatchBasis",
    "unitMatchConfidence",
    "unitMatchQuote",
    "unitsCompared",
    "unitsMet",
    "unitsNotMet",
    "validFrom",
    "validUntil",
    "value",
    "valueComponent",
    "valueCount",
    "valueSum",
    "verification",
    "withinUnit",
    "yearComponent",
})
