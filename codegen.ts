import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  generates: {
    'src/graphql/generated.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'Date', Amount: 'string' },
        contextType: './context.js#GraphQLContext',
        mapperTypeSuffix: 'Model',
        mappers: {
          Agency: '../store/records.js#Agency',
          User: '../store/records.js#User',
          LoginResult: '../directory/service.js#LoginResult',
          Case: '../cases/case-state.js#CaseState',
          PolicyProposal: '../cases/case-state.js#CaseState',
          PlanAlignment: '../cases/case-state.js#CaseState',
          JointProject: '../cases/case-state.js#CaseState',
          Milestone: '../cases/projects.js#SupervisedMilestone',
          SupervisedMilestone: '../cases/projects.js#SupervisedMilestone',
          Inspection: '../cases/projects.js#SupervisedInspection',
          SupervisedInspection: '../cases/projects.js#SupervisedInspection',
          Supervision: '../cases/projects.js#Supervision',
          SupervisedDueTime: '../cases/calendar-gaps.js#CalendarGap',
          CalendarSchedule: '../calendar/model.js#ScheduleView',
          WorkingDayCalendar: '../calendar/model.js#CalendarOverview',
          ProjectEntry: '../../workflows/joint-project.js#Entry',
          BudgetShare: '../cases/projects.js#BudgetShare',
          PlanItem: '../cases/alignments.js#ItemView',
          ItemPair: '../cases/alignments.js#PairView',
          ResolutionProposal: '../cases/alignments.js#ProposalView',
          CaseAsOf: '../cases/reads.js#CaseAsOf',
          Checkpoint: '../store/records.js#Checkpoint',
          Countersignature: '../store/records.js#Countersignature',
          InclusionProof: '../audit/checkpoints.js#InclusionProof',
          CaseParty: '../../workflows/types.js#Party',
          WaitingParty: '../cases/decisions.js#WaitingParty',
          DocumentVersion: '../store/records.js#DocumentVersion',
          Signature: '../cases/reads.js#SignatureView',
          SigningKey: '../store/records.js#SigningKey',
          CaseEvent: '../store/records.js#CaseEvent',
          WorkflowDefinition: '../../workflows/registry.js#Workflow',
        },
      },
    },
  },
};

export default config;
