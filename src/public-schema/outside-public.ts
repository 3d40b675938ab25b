/**
 * What a keyless operation names outside the public schema: an operation type it lacks
 * (every mutation), a field or a type it does not have. Judged against the public schema
 * alone, so the answer never tells a stranger whether a name exists behind a key: "Query.people"
 * and "Query.noSuchField" are refused alike. Mistakes within the public schema (a wrong
 * argument, an unused variable) are left to validation, which reports them as usual.
 * Pure: no I/O.
 */
import {
  type DocumentNode,
  getNamedType,
  type GraphQLSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";

/** Coordinates outside the public schema ("Mutation", "Query.people", "AuditEvent"), in order, once each. */
export function outsidePublic(schema: GraphQLSchema, document: DocumentNode): string[] {
  const outside = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (!schema.getRootType(node.operation)) {
          outside.add(node.operation[0]?.toUpperCase() + node.operation.slice(1));
          return false; // nothing under a missing root type can be judged
        }
        return undefined;
      },
      NamedType(node) {
        if (!schema.getType(node.name.value)) outside.add(node.name.value);
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && !typeInfo.getFieldDef()) outside.add(`${getNamedType(parent).name}.${node.name.value}`);
      },
      FragmentDefinition(node) {
        // A fragment on a type the public schema lacks: the type is named once, its fields not.
        if (!schema.getType(node.typeCondition.name.value)) {
          outside.add(node.typeCondition.name.value);
          return false;
        }
        return undefined;
      },
      InlineFragment(node) {
        if (node.typeCondition && !schema.getType(node.typeCondition.name.value)) {
          outside.add(node.typeCondition.name.value);
          return false;
        }
        return undefined;
      },
    }),
  );
  return [...outside];
}
